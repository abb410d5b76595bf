package io.writeback.flow;

import io.writeback.event.InboundBody;
import io.writeback.failure.FailureCategory;
import io.writeback.failure.WritebackFailure;
import io.writeback.ledger.ShipmentLedger;
import io.writeback.shipment.Shipment;
import io.writeback.shipment.ShipmentEvent;
import io.writeback.shipment.ShipmentValidator;
import io.writeback.shipment.WritebackExchange;
import io.writeback.shipment.WritebackHeaders;
import java.util.Locale;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * First step of {@code shipments-intake}: takes the event from the message (see {@link InboundBody}), drops every
 * header a producer may not set, validates the event, records it as PENDING with its version and sets the headers
 * the router and the channel queue need. A shipment already written back with the same tracking is marked
 * {@link WritebackExchange#ALREADY_SYNCED} and goes no further.
 */
@Component
public class ShipmentIntake {

    /**
     * Headers that steer the writeback (retry and redelivery counters, broker scheduling, duplicate ids, message
     * groups) are the app's own: whatever a producer puts there is dropped at the door. JMSXDeliveryCount is the
     * broker's own count of this delivery and stays.
     */
    private static final String[] INTERNAL_PREFIXES = {"writeback", "_amq_", "_hq_", "jmsx"};

    private final ShipmentValidator validator;
    private final ShipmentLedger ledger;
    private final int maxMessageBytes;

    public ShipmentIntake(ShipmentValidator validator, ShipmentLedger ledger,
                          @Value("${writeback.intake.max-message-bytes}") int maxMessageBytes) {
        this.validator = validator;
        this.ledger = ledger;
        this.maxMessageBytes = maxMessageBytes;
    }

    public void accept(Exchange exchange) {
        Message message = exchange.getIn();
        String body = InboundBody.text(message.getBody(), maxMessageBytes,
                "writeback.intake.max-message-bytes");
        message.setBody(body);
        String retryToken = message.getHeader(WritebackHeaders.RETRY_TOKEN, String.class);
        dropInternalHeaders(message);
        Shipment shipment = validator.validate(body);
        exchange.setProperty(WritebackExchange.SHIPMENT, shipment);
        ShipmentEvent event = shipment.event();
        message.setHeader("shipmentId", event.shipmentId());
        message.setHeader("orderNumber", event.orderNumber());
        message.setHeader("channel", event.channel().code());
        message.setHeader("storeId", event.storeId());
        ShipmentLedger.Receipt receipt = ledger.receive(event, body, retryToken);
        message.setHeader(WritebackHeaders.VERSION, receipt.version());
        exchange.setProperty(WritebackExchange.VERSION, receipt.version());
        if (receipt.resend()) {
            exchange.setProperty(WritebackExchange.SHIPMENT, shipment.asResend());
        }
        exchange.setProperty(WritebackExchange.ALREADY_SYNCED, receipt.alreadySynced());
    }

    /** The router's last branch: a channel the parser knows but no branch routes (a channel added in one place only). */
    public void unrouted(Exchange exchange) {
        throw new WritebackFailure(FailureCategory.UNKNOWN_CHANNEL, "No route writes to channel '"
                + exchange.getIn().getHeader("channel") + "' yet: the event is kept on shipments.failed");
    }

    /** Removes the headers only the app may set (see {@link #INTERNAL_PREFIXES}) from a message a producer sent. */
    public static void dropInternalHeaders(Message message) {
        message.getHeaders().keySet().removeIf(ShipmentIntake::internal);
    }

    private static boolean internal(String header) {
        String name = header.toLowerCase(Locale.ROOT);
        if (name.equals("jmsxdeliverycount")) {
            return false;
        }
        for (String prefix : INTERNAL_PREFIXES) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
