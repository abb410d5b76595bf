package io.writeback.shipment;

import io.writeback.cart.CartReceipt;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** The bookends of every {@code writeback-<channel>} route: check before the cart call, record after it. */
@Component
public class ChannelWriteback {

    private final ShipmentValidator validator;
    private final ShipmentLedger ledger;

    public ChannelWriteback(ShipmentValidator validator, ShipmentLedger ledger) {
        this.validator = validator;
        this.ledger = ledger;
    }

    /** Validates again (configuration may have changed) and skips a shipment a duplicate already wrote back. */
    public void begin(Exchange exchange) {
        Shipment shipment = validator.validate(exchange.getIn());
        exchange.setProperty(WritebackExchange.SHIPMENT, shipment);
        exchange.setProperty(WritebackExchange.ALREADY_SYNCED, ledger.alreadySynced(shipment.event()));
    }

    public void synced(Exchange exchange) {
        Shipment shipment = exchange.getProperty(WritebackExchange.SHIPMENT, Shipment.class);
        CartReceipt receipt = exchange.getProperty(WritebackExchange.RECEIPT, CartReceipt.class);
        ledger.synced(shipment.event(), receipt.reference(), receipt.note());
    }
}
