package io.writeback.ledger;

import io.writeback.shipment.ShipmentEvent;
import io.writeback.shipment.ShipmentEventParser;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** What the writeback reads of the ledger besides a shipment's state: for the carts, the sweeper and the counts. */
@Repository
public class ShipmentQueries {

    private final JdbcClient jdbc;
    private final ShipmentEventParser parser;

    public ShipmentQueries(JdbcClient jdbc, ShipmentEventParser parser) {
        this.jdbc = jdbc;
        this.parser = parser;
    }

    /** What the cart was given for the shipment, if it was ever written back (whatever happened since). */
    public Optional<SyncedShipment> writtenBack(String shipmentId) {
        return jdbc.sql("SELECT synced_tracking_number, channel_reference FROM shipment WHERE shipment_id = ?"
                        + " AND synced_tracking_number IS NOT NULL")
                .param(shipmentId).query((rs, row) -> new SyncedShipment(rs.getString(1), rs.getString(2))).optional();
    }

    /** The items of the order's other shipments that were written back (their latest events). */
    public List<ShipmentEvent.Item> otherWrittenBackItems(String orderNumber, String exceptShipmentId) {
        return jdbc.sql("SELECT event_json FROM shipment WHERE order_number = ? AND shipment_id <> ?"
                        + " AND synced_tracking_number IS NOT NULL").params(orderNumber, exceptShipmentId)
                .query(String.class).list().stream().flatMap(json -> parser.parse(json).items().stream()).toList();
    }

    /**
     * The shipment's package number within its order (1, 2, … by arrival), given when it was first received: the
     * same on every retry and every instance, different for each package of the order (Amazon's packageReferenceId).
     */
    public int packageNumber(String shipmentId) {
        return jdbc.sql("SELECT package_number FROM shipment WHERE shipment_id = ?").param(shipmentId)
                .query(Integer.class).single();
    }

    public int attempts(String shipmentId) {
        return jdbc.sql("SELECT attempts FROM shipment WHERE shipment_id = ?").param(shipmentId)
                .query(Integer.class).optional().orElse(0);
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

    /** Per store with a FAILED shipment: when the oldest of them was last recorded (its failure, unresolved since). */
    public Map<String, OffsetDateTime> oldestFailures() {
        Map<String, OffsetDateTime> oldest = new TreeMap<>();
        jdbc.sql("SELECT store_id, MIN(updated_at) FROM shipment WHERE status = 'FAILED' AND store_id IS NOT NULL"
                        + " GROUP BY store_id")
                .query(rs -> {
                    oldest.put(rs.getString(1), rs.getObject(2, OffsetDateTime.class));
                });
        return oldest;
    }

    /** Per store, its shipments by status among those whose status last changed at or after {@code since}. */
    public Map<String, Map<String, Long>> byStoreSince(OffsetDateTime since) {
        Map<String, Map<String, Long>> counts = new TreeMap<>();
        jdbc.sql("SELECT store_id, status, COUNT(*) FROM shipment WHERE updated_at >= ? AND store_id IS NOT NULL"
                        + " GROUP BY store_id, status").param(since)
                .query(rs -> {
                    counts.computeIfAbsent(rs.getString(1), c -> new TreeMap<>()).put(rs.getString(2), rs.getLong(3));
                });
        return counts;
    }

    public long count(String channel, String status) {
        return jdbc.sql("SELECT COUNT(*) FROM shipment WHERE channel = ? AND status = ?").params(channel, status)
                .query(Long.class).single();
    }
}
