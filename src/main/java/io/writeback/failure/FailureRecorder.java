package io.writeback.failure;

import io.writeback.pacing.Deferral;
import io.writeback.shipment.Shipment;
import io.writeback.shipment.ShipmentEventParser;
import io.writeback.shipment.ShipmentLedger;
import io.writeback.shipment.WritebackExchange;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * {@code writeback-failures}: records a failure the retries did not overcome (status FAILED, tag, timeline) and
 * puts the contract's headers on the original message, which the route then sends to {@code shipments.failed}.
 */
@Component("failureRecorder")
public class FailureRecorder implements Processor {

    private static final Logger log = LoggerFactory.getLogger(FailureRecorder.class);

    private final ShipmentEventParser parser;
    private final ShipmentLedger ledger;

    public FailureRecorder(ShipmentEventParser parser, ShipmentLedger ledger) {
        this.parser = parser;
        this.ledger = ledger;
    }

    @Override
    public void process(Exchange exchange) {
        WritebackFailure failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, WritebackFailure.class);
        Message message = exchange.getIn();
        String body = message.getBody(String.class);
        ShipmentEventParser.Identity shipment = identify(exchange, body);
        Shipment validated = exchange.getProperty(WritebackExchange.SHIPMENT, Shipment.class);
        int attempts = 0;
        if (shipment.shipmentId() != null && shipment.orderNumber() != null) {
            ledger.failed(shipment, failure, body, validated == null ? null : validated.event());
            attempts = ledger.attempts(shipment.shipmentId());
        }
        log.warn("Writeback failed for {}: {} ({} attempt(s) to reach the cart)", describe(shipment), failure,
                attempts);
        message.setBody(body);
        message.removeHeader("JMSXGroupID");
        Deferral.clearHeaders(message);
        message.setHeader("WritebackFailureCategory", failure.getCategory().name());
        message.setHeader("WritebackFailureReason", failure.getReason());
        message.setHeader("WritebackAttempts", attempts);
        setIfKnown(message, "orderNumber", shipment.orderNumber());
        setIfKnown(message, "channel", shipment.channel());
        setIfKnown(message, "storeId", shipment.storeId());
        setIfKnown(message, "shipmentId", shipment.shipmentId());
    }

    private ShipmentEventParser.Identity identify(Exchange exchange, String body) {
        Shipment shipment = exchange.getProperty(WritebackExchange.SHIPMENT, Shipment.class);
        if (shipment == null) {
            return parser.identify(body);
        }
        var event = shipment.event();
        return new ShipmentEventParser.Identity(event.shipmentId(), event.orderNumber(), event.channel().code(),
                event.storeId());
    }

    private static String describe(ShipmentEventParser.Identity shipment) {
        if (shipment.shipmentId() == null && shipment.orderNumber() == null) {
            return "a message that names no shipment";
        }
        return "order " + shipment.orderNumber() + " shipment " + shipment.shipmentId()
                + (shipment.storeId() == null ? "" : " (store " + shipment.storeId() + ")");
    }

    private static void setIfKnown(Message message, String header, String value) {
        if (value != null) {
            message.setHeader(header, value);
        } else {
            message.removeHeader(header);
        }
    }
}
