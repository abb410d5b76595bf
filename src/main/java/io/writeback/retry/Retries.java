package io.writeback.retry;

import io.writeback.ledger.OrderRecords;
import io.writeback.ledger.RetrySchedule;
import io.writeback.ledger.RetrySchedule.RetryCandidate;
import io.writeback.ledger.RetrySource;
import io.writeback.shipment.WritebackHeaders;
import io.writeback.shipment.WritebackStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends shipments again through the same pipeline ({@code shipments.inbound}, same validation, same idempotency):
 * on schedule, for the REST API and for JMX. A shipment that meanwhile synced with the same tracking is skipped by
 * the intake, so a retry never writes twice.
 */
@Component("retries")
public class Retries {

    /** What a retry request queued, and the orders it skipped with the reason. */
    public record Outcome(int queued, List<Skipped> skipped) {
    }

    public record Skipped(String orderNumber, String reason) {
    }

    /** The order is not tagged and the resend was not confirmed. */
    public static class ConfirmationRequired extends RuntimeException {
        ConfirmationRequired(String message) {
            super(message);
        }
    }

    /** No shipment of the order was ever received. */
    public static class UnknownOrder extends RuntimeException {
        UnknownOrder(String orderNumber) {
            super("Order " + orderNumber + " has no writeback record: no shipment of it was ever received");
        }
    }

    private final RetrySchedule schedule;
    private final OrderRecords orders;
    private final ProducerTemplate producer;
    private final TransactionTemplate transaction;
    private final Duration inFlightFor;

    public Retries(RetrySchedule schedule, OrderRecords orders, ProducerTemplate producer,
                   PlatformTransactionManager transactions,
                   @Value("${writeback.retry.in-flight-timeout}") Duration inFlightFor) {
        this.schedule = schedule;
        this.orders = orders;
        this.producer = producer;
        this.transaction = new TransactionTemplate(transactions);
        this.inFlightFor = inFlightFor;
    }

    /**
     * Route step of {@code writeback-retry-scheduler}, for one row of the due shipments: notes the scheduled retry
     * and makes the exchange its message (the shipment's latest event, with the retry's token).
     */
    public void queueScheduled(Exchange exchange) {
        Map<?, ?> row = exchange.getIn().getBody(Map.class);
        RetryCandidate shipment = new RetryCandidate((String) row.get("shipment_id"), (String) row.get("order_number"),
                (String) row.get("status"), (String) row.get("event_json"),
                Boolean.TRUE.equals(row.get("resend_confirmed")));
        String token = schedule.retryQueued(shipment, RetrySource.SCHEDULE, null, shipment.resendConfirmed(),
                inFlightFor);
        exchange.getIn().setBody(shipment.eventJson());
        exchange.getIn().setHeader(WritebackHeaders.RETRY_TOKEN, token);
    }

    /**
     * Retries one order: its FAILED shipments when it is tagged; with {@code confirm} also resends the latest
     * tracking of its synced shipments (after a label was voided and recreated). An untagged order needs confirm
     * ({@link ConfirmationRequired}); an order never received is {@link UnknownOrder}.
     */
    public Outcome retryOrder(String orderNumber, boolean confirm, RetrySource source, String requester) {
        List<RetryCandidate> shipments = schedule.retryCandidates(orderNumber);
        if (shipments.isEmpty()) {
            throw new UnknownOrder(orderNumber);
        }
        if (!confirm && !orders.isTagged(orderNumber)) {
            throw new ConfirmationRequired("Order " + orderNumber + " is not tagged '" + OrderRecords.FAILED_TAG
                    + "': its tracking reached the cart. To resend it anyway (say, after a label was voided and"
                    + " recreated), confirm with {\"confirm\": true}; some carts accept new tracking, others refuse it");
        }
        int queued = 0;
        for (RetryCandidate shipment : shipments) {
            boolean failed = WritebackStatus.FAILED.name().equals(shipment.status());
            boolean synced = WritebackStatus.SYNCED.name().equals(shipment.status());
            if (failed || confirm && synced) {
                send(shipment, source, requester, confirm || shipment.resendConfirmed());
                queued++;
            }
        }
        return queued > 0 ? new Outcome(queued, List.of())
                : new Outcome(0, List.of(new Skipped(orderNumber, "nothing to retry: its shipments are pending")));
    }

    /** Bulk retry of tagged orders by number: untagged ones are skipped (a resend is confirmed one order at a time). */
    public Outcome retryOrders(List<String> orderNumbers, RetrySource source, String requester) {
        int queued = 0;
        List<Skipped> skipped = new ArrayList<>();
        for (String orderNumber : orderNumbers) {
            try {
                Outcome outcome = retryOrder(orderNumber, false, source, requester);
                queued += outcome.queued();
                skipped.addAll(outcome.skipped());
            } catch (UnknownOrder e) {
                skipped.add(new Skipped(orderNumber, "unknown order: no shipment of it was ever received"));
            } catch (ConfirmationRequired e) {
                skipped.add(new Skipped(orderNumber, "not tagged '" + OrderRecords.FAILED_TAG + "': to resend its"
                        + " tracking, retry it on its own with {\"confirm\": true}"));
            }
        }
        return new Outcome(queued, skipped);
    }

    /** Bulk retry of every order with the tag, optionally of one channel and/or store. */
    public Outcome retryTagged(String tag, String channel, String storeId, RetrySource source, String requester) {
        return retryOrders(orders.taggedOrders(tag, channel, storeId), source, requester);
    }

    /**
     * Records the retry and sends it in one database transaction: the timeline says "queued" before the intake can
     * say "received", and a send that fails leaves the schedule untouched. The message carries only the retry's
     * single-use token; who asked and whether it is a resend stay in the ledger. A retry whose message is lost
     * (a crash between the commit and the send) is due again after {@code writeback.retry.in-flight-timeout}; one
     * sent twice is absorbed by the idempotency.
     */
    private void send(RetryCandidate shipment, RetrySource source, String requester, boolean resend) {
        transaction.executeWithoutResult(status -> {
            String token = schedule.retryQueued(shipment, source, requester, resend, inFlightFor);
            producer.sendBodyAndHeader("activemq:queue:shipments.inbound", shipment.eventJson(),
                    WritebackHeaders.RETRY_TOKEN, token);
        });
    }
}
