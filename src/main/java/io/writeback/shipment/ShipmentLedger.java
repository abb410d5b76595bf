package io.writeback.shipment;

import io.writeback.failure.WritebackFailure;
import io.writeback.failure.FailureCategory;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.interceptor.TransactionAspectSupport;

/**
 * The durable record of every shipment's writeback: status, attempts, failures, the order's tag and timeline.
 * Each outcome is written in one transaction, before the message that produced it is acknowledged.
 */
@Repository
public class ShipmentLedger {

    public static final String FAILED_TAG = "Failed Shipment Notification";

    private final JdbcClient jdbc;
    private final Duration retryBaseInterval;
    private final int maxScheduledAttempts;

    public ShipmentLedger(JdbcClient jdbc, @Value("${writeback.retry.base-interval}") Duration retryBaseInterval,
                          @Value("${writeback.retry.max-scheduled-attempts}") int maxScheduledAttempts) {
        this.jdbc = jdbc;
        this.retryBaseInterval = retryBaseInterval;
        this.maxScheduledAttempts = maxScheduledAttempts;
    }

    /** What the cart was last given for a shipment: the tracking number and the cart's reference for it. */
    public record SyncedShipment(String trackingNumber, String channelReference) {
    }

    /**
     * True when the shipment was already written back with this tracking number: nothing to do.
     * Throws {@code ALREADY_SHIPPED} when it was written back with another number and the event is not a
     * confirmed resend.
     */
    public boolean alreadySynced(ShipmentEvent event) {
        Optional<SyncedShipment> synced = writtenBack(event.shipmentId());
        if (synced.isEmpty()) {
            return false;
        }
        String previous = synced.get().trackingNumber();
        if (previous.equals(event.trackingNumber())) {
            return true;
        }
        if (event.resend()) {
            return false;
        }
        throw new WritebackFailure(FailureCategory.ALREADY_SHIPPED, "Shipment " + event.shipmentId()
                + " was already written back to " + event.channel().displayName() + " with tracking "
                + describe(previous) + "; this event carries " + describe(event.trackingNumber())
                + ". If the label was voided and recreated, confirm the resend: POST /api/orders/"
                + event.orderNumber() + "/retry with {\"confirm\": true}");
    }

    /** What the cart was given for the shipment, if it was ever written back (whatever happened since). */
    public Optional<SyncedShipment> writtenBack(String shipmentId) {
        return jdbc.sql("SELECT synced_tracking_number, channel_reference FROM shipment WHERE shipment_id = ?"
                        + " AND synced_tracking_number IS NOT NULL")
                .param(shipmentId).query((rs, row) -> new SyncedShipment(rs.getString(1), rs.getString(2))).optional();
    }

    /**
     * Records a received event as PENDING (new, changed or sent again after a failure). {@code requestedBy} says who
     * sent it again (null for an event from upstream); any but the schedule starts the retry schedule anew.
     */
    @Transactional
    public void received(ShipmentEvent event, String body, RetrySource requestedBy) {
        OffsetDateTime now = now();
        upsertOrder(event.orderNumber(), event.channel().code(), event.storeId(), now);
        boolean scheduled = requestedBy == RetrySource.SCHEDULE;
        upsert(jdbc.sql("UPDATE shipment SET order_number = ?, channel = ?, store_id = ?, channel_order_id = ?,"
                        + " warehouse_id = ?, carrier = ?, tracking_number = ?, status = 'PENDING', event_json = ?,"
                        + " resend_confirmed = ?, next_retry_at = NULL,"
                        + " scheduled_attempts = CASE WHEN ? THEN scheduled_attempts ELSE 0 END,"
                        + " updated_at = ? WHERE shipment_id = ?")
                        .params(event.orderNumber(), event.channel().code(), event.storeId(), event.channelOrderId(),
                                event.warehouseId(), event.carrier(), event.trackingNumber(), body, event.resend(),
                                scheduled, now, event.shipmentId()),
                jdbc.sql("INSERT INTO shipment (shipment_id, order_number, channel, store_id, channel_order_id,"
                        + " warehouse_id, carrier, tracking_number, status, event_json, created_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', ?, ?, ?)")
                        .params(event.shipmentId(), event.orderNumber(), event.channel().code(), event.storeId(),
                                event.channelOrderId(), event.warehouseId(), event.carrier(), event.trackingNumber(),
                                body, now, now));
        timeline(event.orderNumber(), event.shipmentId(), "RECEIVED", "Shipment " + event.shipmentId() + " received: "
                + event.carrier() + " " + describe(event.trackingNumber()) + ", " + event.items().size()
                + " line(s), for " + event.channel().displayName() + " store " + event.storeId()
                + (requestedBy == null ? "" : ", sent again by " + requestedBy.description())
                + (event.resend() ? " (confirmed resend)" : ""), now);
        refreshOrderStatus(event.orderNumber(), now);
    }

    /** Counts one attempt to reach the cart; committed at once so that a crash cannot undercount. */
    public void countAttempt(String shipmentId) {
        jdbc.sql("UPDATE shipment SET attempts = attempts + 1, updated_at = ? WHERE shipment_id = ?")
                .params(now(), shipmentId).update();
    }

    /**
     * An attempt that failed for a reason that may pass (the route redelivers it); committed at once, so the
     * timeline shows every attempt even when the message is rolled back.
     */
    public void attemptFailed(ShipmentEvent event, WritebackFailure failure, Duration nextTryIn) {
        timeline(event.orderNumber(), event.shipmentId(), "ATTEMPT_FAILED", "Attempt " + attempts(event.shipmentId())
                + " to reach " + event.channel().displayName() + " failed: " + failure.getReason()
                + "; next try in about " + Math.max(1, Math.round(nextTryIn.toMillis() / 1000.0)) + " s unless the"
                + " redeliveries are used up", now());
    }

    /**
     * The cart answered 429 or THROTTLED: the call does not count as an attempt (the cart asked us to wait, the
     * shipment is not at fault), and the timeline says how long we wait.
     */
    public void throttled(ShipmentEvent event, WritebackFailure failure, Duration wait) {
        OffsetDateTime now = now();
        jdbc.sql("UPDATE shipment SET attempts = attempts - 1, updated_at = ? WHERE shipment_id = ? AND attempts > 0")
                .params(now, event.shipmentId()).update();
        timeline(event.orderNumber(), event.shipmentId(), "THROTTLED", failure.getReason() + "; waiting about "
                + Math.max(1, Math.round(wait.toMillis() / 1000.0)) + " s before the next call (not counted as an"
                + " attempt)", now);
    }

    public int attempts(String shipmentId) {
        return jdbc.sql("SELECT attempts FROM shipment WHERE shipment_id = ?").param(shipmentId)
                .query(Integer.class).optional().orElse(0);
    }

    /**
     * The shipment's position among its order's shipments by arrival (1, 2, …): a package number that is the same
     * on every retry and different for each package of the order (Amazon's packageReferenceId).
     */
    public int packageNumber(String shipmentId) {
        return jdbc.sql("SELECT COUNT(*) FROM shipment s JOIN shipment me ON s.order_number = me.order_number"
                        + " WHERE me.shipment_id = ? AND (s.created_at < me.created_at"
                        + " OR s.created_at = me.created_at AND s.shipment_id <= me.shipment_id)")
                .param(shipmentId).query(Integer.class).single();
    }

    /** The cart has the tracking: SYNCED, and the order loses its failure tag once no shipment is FAILED. */
    @Transactional
    public void synced(ShipmentEvent event, String channelReference, String note) {
        OffsetDateTime now = now();
        jdbc.sql("UPDATE shipment SET status = 'SYNCED', synced_tracking_number = ?, channel_reference = ?,"
                        + " synced_at = ?, next_retry_at = NULL, resend_confirmed = FALSE, updated_at = ?"
                        + " WHERE shipment_id = ?")
                .params(event.trackingNumber(), channelReference, now, now, event.shipmentId()).update();
        timeline(event.orderNumber(), event.shipmentId(), "SYNCED", note, now);
        if (refreshOrderStatus(event.orderNumber(), now) != WritebackStatus.FAILED) {
            removeFailedTag(event.orderNumber(), now);
        }
    }

    /**
     * Records a failure the retries did not overcome: the shipment is FAILED (with the time of its next scheduled
     * retry when the failure is transient), the order is tagged and its timeline says why.
     */
    @Transactional
    public void failed(ShipmentEventParser.Identity shipment, WritebackFailure failure, String body,
                       ShipmentEvent latestEvent) {
        OffsetDateTime now = now();
        upsertOrder(shipment.orderNumber(), shipment.channel(), shipment.storeId(), now);
        OffsetDateTime nextRetryAt = failure.isTransient() ? nextScheduledRetry(shipment.shipmentId(), now) : null;
        String reason = abbreviate(failure.getReason(), 2000);
        if (latestEvent != null) {
            // the event that failed is the shipment's latest: a confirmed resend sends this one
            jdbc.sql("UPDATE shipment SET event_json = ?, tracking_number = ?, carrier = ? WHERE shipment_id = ?")
                    .params(body, latestEvent.trackingNumber(), latestEvent.carrier(), latestEvent.shipmentId())
                    .update();
        }
        upsert(jdbc.sql("UPDATE shipment SET status = 'FAILED', last_failure_category = ?, last_failure_reason = ?,"
                        + " next_retry_at = ?, updated_at = ? WHERE shipment_id = ?")
                        .params(failure.getCategory().name(), reason, nextRetryAt, now, shipment.shipmentId()),
                jdbc.sql("INSERT INTO shipment (shipment_id, order_number, channel, store_id, status,"
                        + " last_failure_category, last_failure_reason, next_retry_at, event_json, created_at,"
                        + " updated_at) VALUES (?, ?, ?, ?, 'FAILED', ?, ?, ?, ?, ?, ?)")
                        .params(shipment.shipmentId(), shipment.orderNumber(), shipment.channel(),
                                shipment.storeId(), failure.getCategory().name(), reason, nextRetryAt, body, now, now));
        timeline(shipment.orderNumber(), shipment.shipmentId(), "FAILED",
                failure.getCategory() + ": " + failure.getReason() + (failure.isTransient() ? nextRetryAt == null
                        ? ". The scheduled retries are used up: retry it by hand once the cause is gone"
                        : ". Retried automatically from " + nextRetryAt : ""), now);
        addFailedTag(shipment.orderNumber(), now);
        refreshOrderStatus(shipment.orderNumber(), now);
    }

    /**
     * When a shipment's transient failure is retried on schedule: at the first firing after the failure, then after
     * the base interval doubling with each scheduled retry; none once the scheduled retries are used up.
     */
    private OffsetDateTime nextScheduledRetry(String shipmentId, OffsetDateTime now) {
        int done = jdbc.sql("SELECT scheduled_attempts FROM shipment WHERE shipment_id = ?").param(shipmentId)
                .query(Integer.class).optional().orElse(0);
        if (done >= maxScheduledAttempts) {
            return null;
        }
        return done == 0 ? now : now.plus(retryBaseInterval.multipliedBy(1L << Math.min(done - 1, 20)));
    }

    /** A shipment to send again: its latest event, and for the timeline whose shipment it is. */
    public record RetryCandidate(String shipmentId, String orderNumber, String status, String eventJson,
                                 boolean resendConfirmed) {
    }

    /** Failed shipments whose scheduled retry is due (transient failures, and failures a fix made due). */
    public List<RetryCandidate> dueForRetry(OffsetDateTime at, int limit) {
        return jdbc.sql("SELECT shipment_id, order_number, status, event_json, resend_confirmed FROM shipment"
                        + " WHERE status = 'FAILED'"
                        + " AND next_retry_at <= ? ORDER BY next_retry_at, shipment_id LIMIT ?")
                .params(at, limit).query(ShipmentLedger::retryCandidate).list();
    }

    /** The order's shipments that a retry can send: FAILED ones, and SYNCED ones too for a confirmed resend. */
    public List<RetryCandidate> retryCandidates(String orderNumber) {
        return jdbc.sql("SELECT shipment_id, order_number, status, event_json, resend_confirmed FROM shipment"
                        + " WHERE order_number = ?"
                        + " ORDER BY created_at, shipment_id")
                .param(orderNumber).query(ShipmentLedger::retryCandidate).list();
    }

    /** Order numbers with the tag, optionally of one channel and/or store. */
    public List<String> taggedOrders(String tag, String channel, String storeId) {
        return jdbc.sql("SELECT o.order_number FROM writeback_order o JOIN order_tag t"
                        + " ON t.order_number = o.order_number AND t.tag = ?"
                        + " WHERE (CAST(? AS VARCHAR(32)) IS NULL OR o.channel = ?)"
                        + " AND (CAST(? AS VARCHAR(64)) IS NULL OR o.store_id = ?) ORDER BY o.order_number")
                .params(tag, channel, channel, storeId, storeId).query(String.class).list();
    }

    /** Shipments PENDING and FAILED, by channel and status. */
    public Map<String, Map<String, Long>> pendingAndFailedByChannel() {
        Map<String, Map<String, Long>> counts = new TreeMap<>();
        jdbc.sql("SELECT channel, status, COUNT(*) FROM shipment WHERE status IN ('PENDING', 'FAILED')"
                        + " AND channel IS NOT NULL GROUP BY channel, status")
                .query(rs -> {
                    counts.computeIfAbsent(rs.getString(1), c -> new TreeMap<>()).put(rs.getString(2), rs.getLong(3));
                });
        return counts;
    }

    public long count(String channel, String status) {
        return jdbc.sql("SELECT COUNT(*) FROM shipment WHERE channel = ? AND status = ?").params(channel, status)
                .query(Long.class).single();
    }

    public boolean isTagged(String orderNumber) {
        return jdbc.sql("SELECT COUNT(*) FROM order_tag WHERE order_number = ? AND tag = ?")
                .params(orderNumber, FAILED_TAG).query(Integer.class).single() > 0;
    }

    /** Notes on the order that a retry was queued, and by whom; a scheduled one counts against the schedule. */
    @Transactional
    public void retryQueued(RetryCandidate shipment, RetrySource requestedBy, String requester, boolean resend) {
        OffsetDateTime now = now();
        if (requestedBy == RetrySource.SCHEDULE) {
            jdbc.sql("UPDATE shipment SET scheduled_attempts = scheduled_attempts + 1, next_retry_at = NULL"
                    + " WHERE shipment_id = ?").param(shipment.shipmentId()).update();
        }
        timeline(shipment.orderNumber(), shipment.shipmentId(), "RETRY_QUEUED", (resend ? "Resend" : "Retry")
                + " of shipment " + shipment.shipmentId() + " queued by " + requestedBy.description()
                + (requester == null ? "" : " (" + requester + ")"), now);
    }

    /**
     * A warehouse was mapped for a store: its shipments that failed for want of that mapping become due at the
     * scheduler's next firing. Returns how many.
     */
    @Transactional
    public int mappingAdded(String storeId, String warehouseId, String locationId) {
        OffsetDateTime now = now();
        List<RetryCandidate> waiting = jdbc.sql("SELECT shipment_id, order_number, status, event_json, resend_confirmed"
                        + " FROM shipment WHERE store_id = ? AND warehouse_id = ? AND status = 'FAILED'"
                        + " AND last_failure_category = 'LOCATION_NOT_MAPPED'")
                .params(storeId, warehouseId).query(ShipmentLedger::retryCandidate).list();
        for (RetryCandidate shipment : waiting) {
            jdbc.sql("UPDATE shipment SET next_retry_at = ? WHERE shipment_id = ?").params(now, shipment.shipmentId())
                    .update();
            timeline(shipment.orderNumber(), shipment.shipmentId(), "RETRY_SCHEDULED", "Warehouse " + warehouseId
                    + " is now mapped to " + locationId + " for store " + storeId
                    + ": shipment " + shipment.shipmentId() + " is retried at the scheduler's next run", now);
        }
        return waiting.size();
    }

    private static RetryCandidate retryCandidate(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new RetryCandidate(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getBoolean(5));
    }

    private void upsertOrder(String orderNumber, String channel, String storeId, OffsetDateTime now) {
        upsert(jdbc.sql("UPDATE writeback_order SET channel = COALESCE(?, channel), store_id = COALESCE(?, store_id),"
                        + " updated_at = ? WHERE order_number = ?").params(channel, storeId, now, orderNumber),
                jdbc.sql("INSERT INTO writeback_order (order_number, channel, store_id, status, created_at,"
                        + " updated_at) VALUES (?, ?, ?, 'PENDING', ?, ?)")
                        .params(orderNumber, channel, storeId, now, now));
    }

    /**
     * Update, else insert; when a concurrent transaction inserted the same key first (two events of one new order
     * on two consumers), roll back to a savepoint and update the row it inserted.
     */
    private static void upsert(JdbcClient.StatementSpec update, JdbcClient.StatementSpec insert) {
        if (update.update() > 0) {
            return;
        }
        TransactionStatus transaction = TransactionAspectSupport.currentTransactionStatus();
        Object savepoint = transaction.createSavepoint();
        try {
            insert.update();
            transaction.releaseSavepoint(savepoint);
        } catch (DuplicateKeyException raced) {
            transaction.rollbackToSavepoint(savepoint);
            update.update();
        }
    }

    private WritebackStatus refreshOrderStatus(String orderNumber, OffsetDateTime now) {
        jdbc.sql("UPDATE writeback_order SET updated_at = ?, status = (SELECT CASE"
                        + " WHEN SUM(CASE WHEN s.status = 'FAILED' THEN 1 ELSE 0 END) > 0 THEN 'FAILED'"
                        + " WHEN SUM(CASE WHEN s.status = 'PENDING' THEN 1 ELSE 0 END) > 0 THEN 'PENDING'"
                        + " ELSE 'SYNCED' END FROM shipment s WHERE s.order_number = ?) WHERE order_number = ?")
                .params(now, orderNumber, orderNumber).update();
        return jdbc.sql("SELECT status FROM writeback_order WHERE order_number = ?").param(orderNumber)
                .query((rs, row) -> WritebackStatus.valueOf(rs.getString(1))).single();
    }

    private void addFailedTag(String orderNumber, OffsetDateTime now) {
        boolean tagged = jdbc.sql("SELECT COUNT(*) FROM order_tag WHERE order_number = ? AND tag = ?")
                .params(orderNumber, FAILED_TAG).query(Integer.class).single() > 0;
        if (!tagged) {
            jdbc.sql("INSERT INTO order_tag (order_number, tag, created_at) VALUES (?, ?, ?)")
                    .params(orderNumber, FAILED_TAG, now).update();
            timeline(orderNumber, null, "TAG_ADDED", "Tagged '" + FAILED_TAG + "'", now);
        }
    }

    private void removeFailedTag(String orderNumber, OffsetDateTime now) {
        int removed = jdbc.sql("DELETE FROM order_tag WHERE order_number = ? AND tag = ?")
                .params(orderNumber, FAILED_TAG).update();
        if (removed > 0) {
            timeline(orderNumber, null, "TAG_REMOVED",
                    "Tag '" + FAILED_TAG + "' removed: every shipment of the order is written back or pending", now);
        }
    }

    private void timeline(String orderNumber, String shipmentId, String event, String message, OffsetDateTime at) {
        jdbc.sql("INSERT INTO order_timeline (order_number, shipment_id, at, event, message) VALUES (?, ?, ?, ?, ?)")
                .params(orderNumber, shipmentId, at, event, abbreviate(message, 4000)).update();
    }

    private static String describe(String trackingNumber) {
        return trackingNumber.isEmpty() ? "(no tracking number)" : trackingNumber;
    }

    private static String abbreviate(String text, int maxLength) {
        return text.length() <= maxLength ? text : text.substring(0, maxLength - 1) + "…";
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
