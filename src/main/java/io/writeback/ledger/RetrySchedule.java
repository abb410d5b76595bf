package io.writeback.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * When failed shipments are sent again, and who asked: the back-off of the scheduled retries, the single-use token a
 * retry's message carries, and the shipments a fix (a location mapping) makes due.
 */
@Repository
public class RetrySchedule {

    private final JdbcClient jdbc;
    private final OrderRecords orders;
    private final Duration baseInterval;
    private final int maxScheduledAttempts;

    public RetrySchedule(JdbcClient jdbc, OrderRecords orders,
                         @Value("${writeback.retry.base-interval}") Duration baseInterval,
                         @Value("${writeback.retry.max-scheduled-attempts}") int maxScheduledAttempts) {
        this.jdbc = jdbc;
        this.orders = orders;
        this.baseInterval = baseInterval;
        this.maxScheduledAttempts = maxScheduledAttempts;
    }

    /** A shipment to send again: its latest event, and for the timeline whose shipment it is. */
    public record RetryCandidate(String shipmentId, String orderNumber, String status, String eventJson,
                                 boolean resendConfirmed) {
    }

    /** The retry a message's token stands for: who asked for it, and whether it is a confirmed resend. */
    record QueuedRetry(RetrySource requestedBy, boolean resend) {
    }

    /** The order's shipments that a retry can send: FAILED ones, and SYNCED ones too for a confirmed resend. */
    public List<RetryCandidate> retryCandidates(String orderNumber) {
        return jdbc.sql("SELECT shipment_id, order_number, status, event_json, resend_confirmed FROM shipment"
                        + " WHERE order_number = ? ORDER BY created_at, shipment_id")
                .param(orderNumber).query(RetrySchedule::retryCandidate).list();
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
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        orders.lock(shipment.orderNumber(), now);
        String token = UUID.randomUUID().toString();
        jdbc.sql("UPDATE shipment SET retry_token = ?, retry_requested_by = ?, resend_confirmed = ?,"
                        + " next_retry_at = CASE WHEN status = 'FAILED' THEN ? ELSE next_retry_at END,"
                        + " scheduled_attempts = scheduled_attempts + CASE WHEN ? THEN 1 ELSE 0 END"
                        + " WHERE shipment_id = ?")
                .params(token, requestedBy.name(), resend, now.plus(inFlightFor), requestedBy == RetrySource.SCHEDULE,
                        shipment.shipmentId()).update();
        orders.note(shipment.orderNumber(), shipment.shipmentId(), "RETRY_QUEUED", (resend ? "Resend" : "Retry")
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
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        List<RetryCandidate> waiting = jdbc.sql("SELECT shipment_id, order_number, status, event_json,"
                        + " resend_confirmed FROM shipment WHERE store_id = ? AND warehouse_id = ?"
                        + " AND status = 'FAILED' AND last_failure_category = 'LOCATION_NOT_MAPPED'")
                .params(storeId, warehouseId).query(RetrySchedule::retryCandidate).list();
        for (RetryCandidate shipment : waiting) {
            jdbc.sql("UPDATE shipment SET next_retry_at = ? WHERE shipment_id = ?").params(now, shipment.shipmentId())
                    .update();
            orders.note(shipment.orderNumber(), shipment.shipmentId(), "RETRY_SCHEDULED", "Warehouse " + warehouseId
                    + " is now mapped to " + locationId + " for store " + storeId
                    + ": shipment " + shipment.shipmentId() + " is retried at the scheduler's next run", now);
        }
        return waiting.size();
    }

    /** The retry {@code token} stands for, when it is the one {@link #retryQueued} gave the shipment. */
    Optional<QueuedRetry> queuedRetry(String shipmentId, String token) {
        if (token == null) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT retry_requested_by, resend_confirmed FROM shipment WHERE shipment_id = ?"
                        + " AND retry_token = ?").params(shipmentId, token)
                .query((rs, row) -> new QueuedRetry(RetrySource.valueOf(rs.getString(1)), rs.getBoolean(2)))
                .optional();
    }

    /**
     * When a shipment's transient failure is retried on schedule: at the first firing after the failure, then after
     * the base interval doubling with each scheduled retry; none once the scheduled retries are used up.
     */
    OffsetDateTime nextScheduledRetry(String shipmentId, OffsetDateTime now) {
        int done = jdbc.sql("SELECT scheduled_attempts FROM shipment WHERE shipment_id = ?").param(shipmentId)
                .query(Integer.class).optional().orElse(0);
        if (done >= maxScheduledAttempts) {
            return null;
        }
        return done == 0 ? now : now.plus(baseInterval.multipliedBy(1L << Math.min(done - 1, 20)));
    }

    private static RetryCandidate retryCandidate(ResultSet rs, int row) throws SQLException {
        return new RetryCandidate(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getBoolean(5));
    }
}
