package io.writeback.flow;

import io.writeback.event.InboundBody;
import io.writeback.failure.FailureCategory;
import io.writeback.failure.WritebackFailure;
import io.writeback.ledger.ShipmentLedger;
import io.writeback.ledger.ShipmentQueries;
import io.writeback.metrics.WritebackMetrics;
import io.writeback.shipment.Shipment;
import io.writeback.shipment.ShipmentEventParser;
import io.writeback.shipment.WritebackExchange;
import io.writeback.shipment.WritebackHeaders;
import java.time.Duration;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.jms.JmsEndpoint;
import org.apache.commons.lang3.StringUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * {@code writeback-failures}: records a failure the retries did not overcome (status FAILED, tag, timeline) and
 * puts the contract's headers on the original message, which the route then sends to {@code shipments.failed}.
 */
@Component("failureRecorder")
public class FailureRecorder implements Processor {

    private static final Logger log = LoggerFactory.getLogger(FailureRecorder.class);
    /** How long a message whose last delivery found the database down waits before it is delivered again. */
    private static final Duration DATABASE_WAIT = Duration.ofSeconds(30);

    private final ShipmentEventParser parser;
    private final ShipmentLedger ledger;
    private final ShipmentQueries queries;
    private final WritebackMetrics metrics;
    private final int maxMessageBytes;
    private final long maxCopyBytes;

    /**
     * {@code maxCopyBytes}: the largest original body copied to the failed queue (what the broker lets through);
     * {@code maxMessageBytes}: the largest one read for the shipment it names.
     */
    public FailureRecorder(ShipmentEventParser parser, ShipmentLedger ledger, ShipmentQueries queries,
                           WritebackMetrics metrics,
                           @Value("${writeback.intake.max-message-bytes}") int maxMessageBytes,
                           @Value("${writeback.broker.max-message-bytes}") long maxCopyBytes) {
        this.parser = parser;
        this.ledger = ledger;
        this.queries = queries;
        this.metrics = metrics;
        this.maxMessageBytes = maxMessageBytes;
        this.maxCopyBytes = maxCopyBytes;
    }

    @Override
    public void process(Exchange exchange) {
        WritebackFailure failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, WritebackFailure.class);
        Message message = exchange.getIn();
        Object original = InboundBody.original(message.getBody(), maxCopyBytes);
        String body = original instanceof String text && text.length() <= maxMessageBytes ? text : null;
        ShipmentEventParser.Identity shipment = identify(exchange, body);
        Shipment validated = exchange.getProperty(WritebackExchange.SHIPMENT, Shipment.class);
        int attempts = 0;
        boolean recorded = true;
        if (shipment.shipmentId() != null && shipment.orderNumber() != null) {
            recorded = ledger.failed(shipment, failure, body, validated == null ? null : validated.event(),
                    exchange.getProperty(WritebackExchange.VERSION, Long.class));
            attempts = queries.attempts(shipment.shipmentId());
        }
        if (recorded) {
            metrics.failed(shipment.channel(), shipment.storeId(), failure.getCategory());
        }
        log.warn("Writeback failed for {}: {} ({} attempt(s) to reach the cart)", describe(shipment), failure,
                attempts);
        message.setBody(original);
        ShipmentIntake.dropInternalHeaders(message);
        message.setHeader(WritebackHeaders.FAILURE_CATEGORY, failure.getCategory().name());
        message.setHeader(WritebackHeaders.FAILURE_REASON, failure.getReason());
        message.setHeader(WritebackHeaders.ATTEMPTS, attempts);
        setIfKnown(message, "orderNumber", shipment.orderNumber());
        setIfKnown(message, "channel", shipment.channel());
        setIfKnown(message, "storeId", shipment.storeId());
        setIfKnown(message, "shipmentId", shipment.shipmentId());
    }

    /**
     * Error-handler step for an exception that is not a {@link WritebackFailure} (a bug, a value the database refused)
     * on the message's last delivery: it is recorded as INTERNAL_ERROR instead of leaving the shipment PENDING.
     */
    public void internalError(Exchange exchange) {
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        log.error("Writeback failed inside the app on the message's last delivery", caught);
        String what = caught.getClass().getSimpleName() + (caught.getMessage() == null ? ""
                : ": " + StringUtils.normalizeSpace(caught.getMessage()));
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new WritebackFailure(FailureCategory.INTERNAL_ERROR,
                "The app failed on every delivery of this shipment (" + StringUtils.abbreviate(what, "…", 301)
                        + "); it is retried on schedule, and the app's log has the details", null, caught));
    }

    /**
     * Error-handler step for a message whose last delivery found the database down (the exchange holds the original
     * message): no outcome can be recorded, so it goes back to the queue it was consumed from
     * ({@link WritebackExchange#CONSUMED_QUEUE}), as it came, delivered again after {@link #DATABASE_WAIT} as a new
     * message with its attempts renewed.
     */
    public void databaseDown(Exchange exchange) {
        Message message = exchange.getIn();
        message.setBody(InboundBody.original(message.getBody(), maxCopyBytes));
        message.setHeader(WritebackHeaders.DELIVER_AT, System.currentTimeMillis() + DATABASE_WAIT.toMillis());
        exchange.setProperty(WritebackExchange.CONSUMED_QUEUE,
                ((JmsEndpoint) exchange.getFromEndpoint()).getDestinationName());
    }

    private ShipmentEventParser.Identity identify(Exchange exchange, String body) {
        Shipment shipment = exchange.getProperty(WritebackExchange.SHIPMENT, Shipment.class);
        if (shipment == null) {
            return body == null ? ShipmentEventParser.Identity.NONE : parser.identify(body);
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

    /** The header, or none when the value is not known (a producer's header of that name does not stay). */
    static void setIfKnown(Message message, String header, String value) {
        if (value != null) {
            message.setHeader(header, value);
        } else {
            message.removeHeader(header);
        }
    }
}
