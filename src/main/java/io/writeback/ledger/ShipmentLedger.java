package io.writeback.ledger;

import io.writeback.failure.WritebackFailure;
import io.writeback.ledger.RetrySchedule.QueuedRetry;
import io.writeback.shipment.ShipmentEvent;
import io.writeback.shipment.ShipmentEventParser;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.apache.commons.lang3.StringUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * A shipment's writeback status as each step's outcome changes it: received (PENDING, with the next version of its
 * event), an attempt started, answered, failed or throttled, SYNCED, FAILED. Each outcome is one transaction that
 * locks the order's row first and keeps the order's status, tag and timeline in step ({@link OrderRecords}), before
 * the message that produced it is acknowledged.
 */
@Repository
public class ShipmentLedger {

    private static final int MAX_REASON_LENGTH = 2000;

    /**
     * A new shipment's package number: the next of its order's. Every writer of an order's shipments holds the order
     * row's lock (taken first), so two shipments of one order never get the same number, on any instance.
     */
    private static final String NEXT_PACKAGE_NUMBER =
            "(SELECT COALESCE(MAX(package_number), 0) + 1 FROM shipment WHERE order_number = ?)";

    private final JdbcClient jdbc;
    private final OrderRecords orders;
    private final RetrySchedule retries;
    private final ShipmentQueries queries;

    public ShipmentLedger(JdbcClient jdbc, OrderRecords orders, RetrySchedule retries, ShipmentQueries queries) {
        this.jdbc = jdbc;
        this.orders = orders;
        this.retries = retries;
        this.queries = queries;
    }

    /**
     * What the outcome of receiving an event was: already in the cart (nothing to do), or its version; and whether it
     * is a confirmed resend.
     */
    public record Receipt(boolean alreadySynced, long version, boolean resend) {
    }

    public ShipmentState state(String shipmentId) {
        return jdbc.sql("SELECT event_version, synced_tracking_number, resend_confirmed, unconfirmed_tracking_number"
                        + " FROM shipment WHERE shipment_id = ?").param(shipmentId)
                .query((rs, row) -> new ShipmentState(rs.getLong(1), rs.getString(2), rs.getBoolean(3),
                        rs.getString(4)))
                .optional().orElse(ShipmentState.NONE);
    }

    /**
     * Receives an event at the intake, in one transaction that holds the order's row lock, so a duplicate racing
     * with the outcome of its twin sees that outcome: an event already in the cart changes nothing (a row left
     * PENDING or FAILED by such a race is set SYNCED); any other is recorded as PENDING with the next version of the
     * shipment. {@code retryToken} is the token the message carries, if any: when it is the one
     * {@link RetrySchedule#retryQueued} gave the shipment, the event is that retry (who asked for it, and whether it
     * is a confirmed resend, come from here, never from the message).
     */
    @Transactional
    public Receipt receive(ShipmentEvent event, String body, String retryToken) {
        OffsetDateTime now = now();
        orders.upsert(event.orderNumber(), event.channel().code(), event.storeId(), now);
        Optional<QueuedRetry> retry = retries.queuedRetry(event.shipmentId(), retryToken);
        RetrySource requestedBy = retry.map(QueuedRetry::requestedBy).orElse(null);
        boolean resend = event.resend() || retry.map(QueuedRetry::resend).orElse(false);
        ShipmentState state = state(event.shipmentId());
        if (state.alreadySynced(resend ? event.asResend() : event)) {
            syncedAgain(event, now);
            orders.refreshStatusAndTag(event.orderNumber(), now);
            return new Receipt(true, state.version(), resend);
        }
        long version = state.version() + 1;
        boolean scheduled = requestedBy == RetrySource.SCHEDULE;
        Upserts.upsert(state.version() == 0, jdbc.sql("UPDATE shipment SET order_number = ?, channel = ?,"
                        + " store_id = ?, channel_order_id = ?, warehouse_id = ?, carrier = ?, tracking_number = ?,"
                        + " status = 'PENDING', event_json = ?,"
                        + " resend_confirmed = ?, next_retry_at = NULL, retry_token = NULL, retry_requested_by = NULL,"
                        + " event_version = ?, due_at = ?,"
                        + " scheduled_attempts = CASE WHEN ? THEN scheduled_attempts ELSE 0 END,"
                        + " updated_at = ? WHERE shipment_id = ?")
                        .params(event.orderNumber(), event.channel().code(), event.storeId(), event.channelOrderId(),
                                event.warehouseId(), event.carrier(), event.trackingNumber(), body, resend,
                                version, now, scheduled, now, event.shipmentId()),
                jdbc.sql("INSERT INTO shipment (shipment_id, order_number, channel, store_id, channel_order_id,"
                        + " warehouse_id, carrier, tracking_number, status, event_json, resend_confirmed,"
                        + " event_version, due_at, created_at, updated_at, package_number)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', ?, ?, ?, ?, ?, ?, " + NEXT_PACKAGE_NUMBER + ")")
                        .params(event.shipmentId(), event.orderNumber(), event.channel().code(), event.storeId(),
                                event.channelOrderId(), event.warehouseId(), event.carrier(), event.trackingNumber(),
                                body, resend, version, now, now, now, event.orderNumber()));
        orders.note(event.orderNumber(), event.shipmentId(), "RECEIVED", "Shipment " + event.shipmentId()
                + " received: " + event.carrier() + " " + ShipmentState.describe(event.trackingNumber()) + ", "
                + event.items().size()
                + " line(s), for " + event.channel().displayName() + " store " + event.storeId()
                + (requestedBy == null ? "" : ", sent again by " + requestedBy.description())
                + (resend ? " (confirmed resend)" : ""), now);
        orders.refreshStatus(event.orderNumber(), now);
        return new Receipt(false, version, resend);
    }

    /**
     * The channel route found the shipment already in the cart with this event's tracking: a row that a race left
     * PENDING or FAILED becomes SYNCED again, unless a newer event with other tracking is what it waits for.
     */
    @Transactional
    public void alreadyInCart(ShipmentEvent event) {
        OffsetDateTime now = now();
        orders.lock(event.orderNumber(), now);
        if (syncedAgain(event, now)) {
            orders.refreshStatusAndTag(event.orderNumber(), now);
        }
    }

    /** SYNCED again, when the shipment's latest event carries what the cart already has; true if it changed. */
    private boolean syncedAgain(ShipmentEvent event, OffsetDateTime now) {
        return jdbc.sql("UPDATE shipment SET status = 'SYNCED', next_retry_at = NULL, retry_token = NULL,"
                        + " updated_at = ? WHERE shipment_id = ? AND status <> 'SYNCED'"
                        + " AND tracking_number = synced_tracking_number")
                .params(now, event.shipmentId()).update() > 0;
    }

    /** When the shipment's message is next due at its channel route (a rate-budget slot, a deferred try). */
    public void dueAt(String shipmentId, OffsetDateTime dueAt) {
        jdbc.sql("UPDATE shipment SET due_at = ? WHERE shipment_id = ?").params(dueAt, shipmentId).update();
    }

    /**
     * Counts one attempt to reach the cart and notes its tracking number as unconfirmed until the cart's answer is
     * known; committed at once, so that neither a crash nor a rollback can hide an attempt.
     */
    public void attemptStarting(String shipmentId, String trackingNumber) {
        jdbc.sql("UPDATE shipment SET attempts = attempts + 1, unconfirmed_tracking_number = ?, updated_at = ?"
                + " WHERE shipment_id = ?").params(trackingNumber, now(), shipmentId).update();
    }

    /** The cart answered the attempt (whatever it said): what it holds is known again. */
    public void attemptAnswered(String shipmentId) {
        jdbc.sql("UPDATE shipment SET unconfirmed_tracking_number = NULL WHERE shipment_id = ?").param(shipmentId)
                .update();
    }

    /**
     * An attempt that failed for a reason that may pass (the route redelivers it); committed at once, so the
     * timeline shows every attempt even when the message is rolled back.
     */
    public void attemptFailed(ShipmentEvent event, WritebackFailure failure, Duration nextTryIn, String note) {
        OffsetDateTime now = now();
        dueAt(event.shipmentId(), now.plus(nextTryIn));
        orders.note(event.orderNumber(), event.shipmentId(), "ATTEMPT_FAILED", "Attempt "
                + queries.attempts(event.shipmentId())
                + " to reach " + event.channel().displayName() + " failed: " + failure.getReason()
                + (note == null ? "" : "; " + note)
                + "; next try in about " + seconds(nextTryIn) + " s unless the redeliveries are used up", now);
    }

    /**
     * The cart answered 429 or THROTTLED: the call does not count as an attempt (the cart asked us to wait, the
     * shipment is not at fault), and the timeline says how long we wait.
     */
    public void throttled(ShipmentEvent event, WritebackFailure failure, Duration wait) {
        OffsetDateTime now = now();
        jdbc.sql("UPDATE shipment SET attempts = attempts - 1, due_at = ?, updated_at = ? WHERE shipment_id = ?"
                        + " AND attempts > 0").params(now.plus(wait), now, event.shipmentId()).update();
        orders.note(event.orderNumber(), event.shipmentId(), "THROTTLED", failure.getReason() + "; waiting about "
                + seconds(wait) + " s before the next call (not counted as an attempt)", now);
    }

    /**
     * The cart has the tracking: SYNCED, and the order loses its failure tag once no shipment is FAILED. What the cart
     * holds is recorded whatever the version; the status only when {@code version} is still the shipment's latest
     * event (a newer one is on its way otherwise, and its outcome decides).
     */
    @Transactional
    public void synced(ShipmentEvent event, long version, String channelReference, String note) {
        OffsetDateTime now = now();
        orders.lock(event.orderNumber(), now);
        jdbc.sql("UPDATE shipment SET synced_tracking_number = ?, channel_reference = ?, synced_at = ?,"
                        + " unconfirmed_tracking_number = NULL, updated_at = ?,"
                        + " status = CASE WHEN event_version = ? THEN 'SYNCED' ELSE status END,"
                        + " next_retry_at = CASE WHEN event_version = ? THEN NULL ELSE next_retry_at END,"
                        + " resend_confirmed = CASE WHEN event_version = ? THEN FALSE ELSE resend_confirmed END"
                        + " WHERE shipment_id = ?")
                .params(event.trackingNumber(), channelReference, now, now, version, version, version,
                        event.shipmentId()).update();
        orders.note(event.orderNumber(), event.shipmentId(), "SYNCED", note, now);
        orders.refreshStatusAndTag(event.orderNumber(), now);
    }

    /**
     * Records a failure the retries did not overcome: the shipment is FAILED (with the time of its next scheduled
     * retry when the failure is transient), the order is tagged and its timeline says why. False when a newer event
     * of the shipment is on its way: that one decides its status, and the timeline says so.
     */
    @Transactional
    public boolean failed(ShipmentEventParser.Identity shipment, WritebackFailure failure, String body,
                       ShipmentEvent latestEvent, Long version) {
        OffsetDateTime now = now();
        orders.upsert(shipment.orderNumber(), shipment.channel(), shipment.storeId(), now);
        long current = state(shipment.shipmentId()).version();
        if (version != null && version < current) {
            orders.note(shipment.orderNumber(), shipment.shipmentId(), "SUPERSEDED", "An earlier event of shipment "
                    + shipment.shipmentId() + " failed (" + failure + "); a newer event of it is on its way and"
                    + " decides its status", now);
            return false;
        }
        OffsetDateTime nextRetryAt = failure.isTransient()
                ? retries.nextScheduledRetry(shipment.shipmentId(), now) : null;
        String reason = StringUtils.abbreviate(failure.getReason(), "…", MAX_REASON_LENGTH);
        if (latestEvent != null) {
            // the event that failed is the shipment's latest: a confirmed resend sends this one
            jdbc.sql("UPDATE shipment SET event_json = ?, tracking_number = ?, carrier = ? WHERE shipment_id = ?")
                    .params(body, latestEvent.trackingNumber(), latestEvent.carrier(), latestEvent.shipmentId())
                    .update();
        }
        Upserts.upsert(jdbc.sql("UPDATE shipment SET status = 'FAILED', last_failure_category = ?,"
                        + " last_failure_reason = ?,"
                        + " next_retry_at = ?, updated_at = ? WHERE shipment_id = ?")
                        .params(failure.getCategory().name(), reason, nextRetryAt, now, shipment.shipmentId()),
                jdbc.sql("INSERT INTO shipment (shipment_id, order_number, channel, store_id, status,"
                        + " last_failure_category, last_failure_reason, next_retry_at, event_json, created_at,"
                        + " updated_at, package_number) VALUES (?, ?, ?, ?, 'FAILED', ?, ?, ?, ?, ?, ?, "
                        + NEXT_PACKAGE_NUMBER + ")")
                        .params(shipment.shipmentId(), shipment.orderNumber(), shipment.channel(),
                                shipment.storeId(), failure.getCategory().name(), reason, nextRetryAt, body, now, now,
                                shipment.orderNumber()));
        orders.note(shipment.orderNumber(), shipment.shipmentId(), "FAILED",
                failure.getCategory() + ": " + failure.getReason() + (failure.isTransient() ? nextRetryAt == null
                        ? ". The scheduled retries are used up: retry it by hand once the cause is gone"
                        : ". Retried automatically from " + nextRetryAt : ""), now);
        orders.tagFailed(shipment.orderNumber(), now);
        orders.refreshStatus(shipment.orderNumber(), now);
        return true;
    }

    private static long seconds(Duration wait) {
        return Math.max(1, Math.round(wait.toMillis() / 1000.0));
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
