package io.writeback.shipment;

import io.writeback.failure.FailureCategory;
import io.writeback.failure.WritebackFailure;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.ConcurrencyFailureException;
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
    private final ShipmentEventParser parser;
    private final Duration retryBaseInterval;
    private final int maxScheduledAttempts;

    public ShipmentLedger(JdbcClient jdbc, ShipmentEventParser parser,
                          @Value("${writeback.retry.base-interval}") Duration retryBaseInterval,
                          @Value("${writeback.retry.max-scheduled-attempts}") int maxScheduledAttempts) {
        this.jdbc = jdbc;
        this.parser = parser;
        this.retryBaseInterval = retryBaseInterval;
        this.maxScheduledAttempts = maxScheduledAttempts;
    }

    /** What the cart was last given for a shipment: the tracking number and the cart's reference for it. */
    public record SyncedShipment(String trackingNumber, String channelReference) {
    }

    /**
     * What the ledger holds of a shipment right now: the version of its latest event, what the cart was last given,
     * whether an operator confirmed a resend, and the tracking of an attempt whose answer never came (if any).
     */
    public record ShipmentState(long version, String syncedTrackingNumber, boolean resendConfirmed,
                                String unconfirmedTrackingNumber) {

        static final ShipmentState NONE = new ShipmentState(0, null, false, null);

        /** Whether the shipment is already in the cart with this event's tracking number (nothing to write). */
        public boolean alreadySynced(ShipmentEvent event) {
            if (syncedTrackingNumber == null) {
                return false;
            }
            if (syncedTrackingNumber.equals(event.trackingNumber())) {
                return true;
            }
            if (event.resend() || resendConfirmed) {
                return false;
            }
            throw new WritebackFailure(FailureCategory.ALREADY_SHIPPED, "Shipment " + event.shipmentId()
                    + " was already written back to " + event.channel().displayName() + " with tracking "
                    + describe(syncedTrackingNumber) + "; this event carries " + describe(event.trackingNumber())
                    + ". If the label was voided and recreated, confirm the resend: POST /api/orders/"
                    + event.orderNumber() + "/retry with {\"confirm\": true}");
        }
    }

    /**
     * What the outcome of receiving an event was: already in the cart (nothing to do), or its version; and whether it
     * is a confirmed resend.
     */
    public record Receipt(boolean alreadySynced, long version, boolean resend) {
    }

    /** The retry a message's token stands for: who asked for it, and whether it is a confirmed resend. */
    private record QueuedRetry(RetrySource requestedBy, boolean resend) {
    }

    public ShipmentState state(String shipmentId) {
        return jdbc.sql("SELECT event_version, synced_tracking_number, resend_confirmed, unconfirmed_tracking_number"
                        + " FROM shipment WHERE shipment_id = ?").param(shipmentId)
                .query((rs, row) -> new ShipmentState(rs.getLong(1), rs.getString(2), rs.getBoolean(3),
                        rs.getString(4)))
                .optional().orElse(ShipmentState.NONE);
    }

    /** The items of the order's other shipments that were written back (their latest events). */
    public List<ShipmentEvent.Item> otherWrittenBackItems(String orderNumber, String exceptShipmentId) {
        return jdbc.sql("SELECT event_json FROM shipment WHERE order_number = ? AND shipment_id <> ?"
                        + " AND synced_tracking_number IS NOT NULL").params(orderNumber, exceptShipmentId)
                .query(String.class).list().stream().flatMap(json -> parser.parse(json).items().stream()).toList();
    }

    /** What the cart was given for the shipment, if it was ever written back (whatever happened since). */
    public Optional<SyncedShipment> writtenBack(String shipmentId) {
        return jdbc.sql("SELECT synced_tracking_number, channel_reference FROM shipment WHERE shipment_id = ?"
                        + " AND synced_tracking_number IS NOT NULL")
                .param(shipmentId).query((rs, row) -> new SyncedShipment(rs.getString(1), rs.getString(2))).optional();
    }

    /**
     * Receives an event at the intake, in one transaction that holds the order's row lock, so a duplicate racing
     * with the outcome of its twin sees that outcome: an event already in the cart changes nothing (a row left
     * PENDING or FAILED by such a race is set SYNCED); any other is recorded as PENDING with the next version of the
     * shipment. {@code retryToken} is the token the message carries, if any: when it is the one {@link #retryQueued}
     * gave the shipment, the event is that retry (who asked for it, and whether it is a confirmed resend, come from
     * here, never from the message).
     */
    @Transactional
    public Receipt receive(ShipmentEvent event, String body, String retryToken) {
        OffsetDateTime now = now();
        upsertOrder(event.orderNumber(), event.channel().code(), event.storeId(), now);
        Optional<QueuedRetry> retry = retryToken == null ? Optional.empty() : jdbc.sql("SELECT retry_requested_by,"
                        + " resend_confirmed FROM shipment WHERE shipment_id = ? AND retry_token = ?")
                .params(event.shipmentId(), retryToken)
                .query((rs, row) -> new QueuedRetry(RetrySource.valueOf(rs.getString(1)), rs.getBoolean(2)))
                .optional();
        RetrySource requestedBy = retry.map(QueuedRetry::requestedBy).orElse(null);
        boolean resend = event.resend() || retry.map(QueuedRetry::resend).orElse(false);
        ShipmentState state = state(event.shipmentId());
        if (state.alreadySynced(resend ? event.asResend() : event)) {
            syncedAgain(event, now);
            refreshOrderStatusAndTag(event.orderNumber(), now);
            return new Receipt(true, state.version(), resend);
        }
        long version = state.version() + 1;
        boolean scheduled = requestedBy == RetrySource.SCHEDULE;
        upsert(state.version() == 0, jdbc.sql("UPDATE shipment SET order_number = ?, channel = ?, store_id = ?, channel_order_id = ?,"
                        + " warehouse_id = ?, carrier = ?, tracking_number = ?, status = 'PENDING', event_json = ?,"
                        + " resend_confirmed = ?, next_retry_at = NULL, retry_token = NULL, retry_requested_by = NULL,"
                        + " event_version = ?, due_at = ?,"
                        + " scheduled_attempts = CASE WHEN ? THEN scheduled_attempts ELSE 0 END,"
                        + " updated_at = ? WHERE shipment_id = ?")
                        .params(event.orderNumber(), event.channel().code(), event.storeId(), event.channelOrderId(),
                                event.warehouseId(), event.carrier(), event.trackingNumber(), body, resend,
                                version, now, scheduled, now, event.shipmentId()),
                jdbc.sql("INSERT INTO shipment (shipment_id, order_number, channel, store_id, channel_order_id,"
                        + " warehouse_id, carrier, tracking_number, status, event_json, resend_confirmed,"
                        + " event_version, due_at, created_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', ?, ?, ?, ?, ?, ?)")
                        .params(event.shipmentId(), event.orderNumber(), event.channel().code(), event.storeId(),
                                event.channelOrderId(), event.warehouseId(), event.carrier(), event.trackingNumber(),
                                body, resend, version, now, now, now));
        timeline(event.orderNumber(), event.shipmentId(), "RECEIVED", "Shipment " + event.shipmentId() + " received: "
                + event.carrier() + " " + describe(event.trackingNumber()) + ", " + event.items().size()
                + " line(s), for " + event.channel().displayName() + " store " + event.storeId()
                + (requestedBy == null ? "" : ", sent again by " + requestedBy.description())
                + (resend ? " (confirmed resend)" : ""), now);
        refreshOrderStatus(event.orderNumber(), now);
        return new Receipt(false, version, resend);
    }

    /**
     * The channel route found the shipment already in the cart with this event's tracking: a row that a race left
     * PENDING or FAILED becomes SYNCED again, unless a newer event with other tracking is what it waits for.
     */
    @Transactional
    public void alreadyInCart(ShipmentEvent event) {
        OffsetDateTime now = now();
        lockOrder(event.orderNumber(), now);
        if (syncedAgain(event, now)) {
            refreshOrderStatusAndTag(event.orderNumber(), now);
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
        timeline(event.orderNumber(), event.shipmentId(), "ATTEMPT_FAILED", "Attempt " + attempts(event.shipmentId())
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
        timeline(event.orderNumber(), event.shipmentId(), "THROTTLED", failure.getReason() + "; waiting about "
                + seconds(wait) + " s before the next call (not counted as an attempt)", now);
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

    /**
     * The cart has the tracking: SYNCED, and the order loses its failure tag once no shipment is FAILED. What the cart
     * holds is recorded whatever the version; the status only when {@code version} is still the shipment's latest
     * event (a newer one is on its way otherwise, and its outcome decides).
     */
    @Transactional
    public void synced(ShipmentEvent event, long version, String channelReference, String note) {
        OffsetDateTime now = now();
        lockOrder(event.orderNumber(), now);
        jdbc.sql("UPDATE shipment SET synced_tracking_number = ?, channel_reference = ?, synced_at = ?,"
                        + " unconfirmed_tracking_number = NULL, updated_at = ?,"
                        + " status = CASE WHEN event_version = ? THEN 'SYNCED' ELSE status END,"
                        + " next_retry_at = CASE WHEN event_version = ? THEN NULL ELSE next_retry_at END,"
                        + " resend_confirmed = CASE WHEN event_version = ? THEN FALSE ELSE resend_confirmed END"
                        + " WHERE shipment_id = ?")
                .params(event.trackingNumber(), channelReference, now, now, version, version, version,
                        event.shipmentId()).update();
        timeline(event.orderNumber(), event.shipmentId(), "SYNCED", note, now);
        refreshOrderStatusAndTag(event.orderNumber(), now);
    }

    /**
     * Records a failure the retries did not overcome: the shipment is FAILED (with the time of its next scheduled
     * retry when the failure is transient), the order is tagged and its timeline says why.
     */
    @Transactional
    public void failed(ShipmentEventParser.Identity shipment, WritebackFailure failure, String body,
                       ShipmentEvent latestEvent, Long version) {
        OffsetDateTime now = now();
        upsertOrder(shipment.orderNumber(), shipment.channel(), shipment.storeId(), now);
        long current = state(shipment.shipmentId()).version();
        if (version != null && version < current) {
            timeline(shipment.orderNumber(), shipment.shipmentId(), "SUPERSEDED", "An earlier event of shipment "
                    + shipment.shipmentId() + " failed (" + failure + "); a newer event of it is on its way and"
                    + " decides its status", now);
            return;
        }
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
     * The sweeper's find: PENDING shipments whose message was due before {@code dueBefore} and has not come, of the
     * channels listed (those whose routes consume here; a suspended channel's shipments are waiting, not lost).
     */
    public List<ShipmentEventParser.Identity> stalled(OffsetDateTime dueBefore, List<String> channels, int limit) {
        if (channels.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT shipment_id, order_number, channel, store_id FROM shipment WHERE status = 'PENDING'"
                        + " AND COALESCE(due_at, updated_at) < :dueBefore AND channel IN (:channels)"
                        + " ORDER BY due_at LIMIT :limit")
                .param("dueBefore", dueBefore).param("channels", channels).param("limit", limit)
                .query((rs, row) -> new ShipmentEventParser.Identity(rs.getString(1), rs.getString(2),
                        rs.getString(3), rs.getString(4))).list();
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

    /**
     * Notes that a retry was queued, by whom, and returns the single-use token the retry's message carries. A
     * scheduled one counts against the schedule. Until the intake receives the retry, the shipment stays due again
     * {@code inFlightFor} from now: a retry whose message never arrives is sent again, never dropped from the
     * schedule.
     */
    @Transactional
    public String retryQueued(RetryCandidate shipment, RetrySource requestedBy, String requester, boolean resend,
                              Duration inFlightFor) {
        OffsetDateTime now = now();
        lockOrder(shipment.orderNumber(), now);
        String token = UUID.randomUUID().toString();
        jdbc.sql("UPDATE shipment SET retry_token = ?, retry_requested_by = ?, resend_confirmed = ?,"
                        + " next_retry_at = CASE WHEN status = 'FAILED' THEN ? ELSE next_retry_at END,"
                        + " scheduled_attempts = scheduled_attempts + CASE WHEN ? THEN 1 ELSE 0 END"
                        + " WHERE shipment_id = ?")
                .params(token, requestedBy.name(), resend, now.plus(inFlightFor), requestedBy == RetrySource.SCHEDULE,
                        shipment.shipmentId()).update();
        timeline(shipment.orderNumber(), shipment.shipmentId(), "RETRY_QUEUED", (resend ? "Resend" : "Retry")
                + " of shipment " + shipment.shipmentId() + " queued by " + requestedBy.description()
                + (requester == null ? "" : " (" + requester + ")"), now);
        return token;
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
     * on two consumers), roll back to a savepoint and update the row it inserted. When that row is not there to
     * update (the other transaction has not committed), the whole transaction fails and its message comes again,
     * rather than committing without the row.
     */
    private static void upsert(JdbcClient.StatementSpec update, JdbcClient.StatementSpec insert) {
        upsert(false, update, insert);
    }

    /** {@link #upsert}, trying the insert first when the row is most likely new (one statement less then). */
    private static void upsert(boolean likelyNew, JdbcClient.StatementSpec update, JdbcClient.StatementSpec insert) {
        if (!likelyNew && update.update() > 0) {
            return;
        }
        TransactionStatus transaction = TransactionAspectSupport.currentTransactionStatus();
        Object savepoint = transaction.createSavepoint();
        try {
            insert.update();
            transaction.releaseSavepoint(savepoint);
        } catch (DuplicateKeyException raced) {
            transaction.rollbackToSavepoint(savepoint);
            if (update.update() == 0) {
                throw new ConcurrencyFailureException("A concurrent transaction holds the row it has not committed;"
                        + " this one is rolled back and tried again", raced);
            }
        }
    }

    /**
     * Takes the order row's lock. Every transaction that writes a shipment takes its order's lock first, so two of
     * them never wait for each other's locks in opposite order.
     */
    private void lockOrder(String orderNumber, OffsetDateTime now) {
        jdbc.sql("UPDATE writeback_order SET updated_at = ? WHERE order_number = ?").params(now, orderNumber).update();
    }

    private void refreshOrderStatus(String orderNumber, OffsetDateTime now) {
        jdbc.sql("UPDATE writeback_order SET updated_at = ?, status = (SELECT CASE"
                        + " WHEN SUM(CASE WHEN s.status = 'FAILED' THEN 1 ELSE 0 END) > 0 THEN 'FAILED'"
                        + " WHEN SUM(CASE WHEN s.status = 'PENDING' THEN 1 ELSE 0 END) > 0 THEN 'PENDING'"
                        + " ELSE 'SYNCED' END FROM shipment s WHERE s.order_number = ?) WHERE order_number = ?")
                .params(now, orderNumber, orderNumber).update();
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

    /** Refreshes the order's status and removes its failure tag once no shipment of it is FAILED. */
    private void refreshOrderStatusAndTag(String orderNumber, OffsetDateTime now) {
        refreshOrderStatus(orderNumber, now);
        int removed = jdbc.sql("DELETE FROM order_tag WHERE order_number = ? AND tag = ? AND NOT EXISTS"
                        + " (SELECT 1 FROM shipment WHERE order_number = ? AND status = 'FAILED')")
                .params(orderNumber, FAILED_TAG, orderNumber).update();
        if (removed > 0) {
            timeline(orderNumber, null, "TAG_REMOVED",
                    "Tag '" + FAILED_TAG + "' removed: every shipment of the order is written back or pending", now);
        }
    }

    private void timeline(String orderNumber, String shipmentId, String event, String message, OffsetDateTime at) {
        jdbc.sql("INSERT INTO order_timeline (order_number, shipment_id, at, event, message) VALUES (?, ?, ?, ?, ?)")
                .params(orderNumber, shipmentId, at, event, abbreviate(message, 4000)).update();
    }

    private static long seconds(Duration wait) {
        return Math.max(1, Math.round(wait.toMillis() / 1000.0));
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
