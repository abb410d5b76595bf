package io.writeback.shipment;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/**
 * First step of {@code shipments-intake}: validates the event, records it as PENDING and sets the headers the
 * router and the channel queue need. A shipment already written back with the same tracking is marked
 * {@link WritebackExchange#ALREADY_SYNCED} and goes no further.
 */
@Component
public class ShipmentIntake {

    private final ShipmentValidator validator;
    private final ShipmentLedger ledger;

    public ShipmentIntake(ShipmentValidator validator, ShipmentLedger ledger) {
        this.validator = validator;
        this.ledger = ledger;
    }

    public void accept(Exchange exchange) {
        Message message = exchange.getIn();
        String body = message.getBody(String.class);
        Shipment shipment = validator.validate(message);
        ShipmentEvent event = shipment.event();
        exchange.setProperty(WritebackExchange.SHIPMENT, shipment);
        message.setHeader("shipmentId", event.shipmentId());
        message.setHeader("orderNumber", event.orderNumber());
        message.setHeader("channel", event.channel().code());
        message.setHeader("storeId", event.storeId());
        // one consumer at a time per order: no two writes to one order (or shipment) at once, while the orders of
        // one store go in parallel as far as the store's rate budget allows
        message.setHeader("JMSXGroupID", event.storeId() + "/" + event.orderNumber());
        message.setBody(body);
        boolean alreadySynced = ledger.alreadySynced(event);
        exchange.setProperty(WritebackExchange.ALREADY_SYNCED, alreadySynced);
        if (!alreadySynced) {
            ledger.received(event, body, ShipmentValidator.requestedBy(message));
        }
    }
}
