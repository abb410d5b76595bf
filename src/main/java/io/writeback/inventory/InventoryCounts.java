package io.writeback.inventory;

import io.writeback.failure.WritebackFailure;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.lang3.StringUtils;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The warehouses' latest counts per store, in SQL, and where each one's writeback stands: a newer count replaces an
 * older one and is PENDING; a write records its outcome only on the counts it read (their version), so a count that
 * changed meanwhile stays PENDING for the next write. Failed counts carry the {@link #TAG} and a timeline note.
 */
@Repository
public class InventoryCounts {

    public static final String TAG = "Failed Inventory Writeback";
    /** SKUs per IN list: well within every database's limit on parameters. */
    private static final int IN_LIST = 500;
    private static final int MAX_REASON = 2000;

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final Duration baseInterval;
    private final int maxScheduledAttempts;

    public InventoryCounts(JdbcClient jdbc, JdbcTemplate batch,
                           @Value("${writeback.retry.base-interval}") Duration baseInterval,
                           @Value("${writeback.retry.max-scheduled-attempts}") int maxScheduledAttempts) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.baseInterval = baseInterval;
        this.maxScheduledAttempts = maxScheduledAttempts;
    }

    /**
     * Keeps the event's counts for the store where they are newer than what it holds (a count arriving late changes
     * nothing); returns how many changed. Counts of a warehouse the store leaves out are kept SKIPPED.
     */
    @Transactional
    public int record(String storeId, InventoryEvent event, boolean excluded) {
        OffsetDateTime now = now();
        OffsetDateTime countedAt = event.countedAt().atOffset(ZoneOffset.UTC);
        String status = excluded ? "SKIPPED" : "PENDING";
        String reason = excluded ? excludedReason(storeId, event.warehouseId()) : null;
        Set<String> known = new HashSet<>();
        List<String> skus = event.counts().stream().map(InventoryEvent.Count::sku).toList();
        for (List<String> chunk : chunks(skus)) {
            known.addAll(jdbc.sql("SELECT sku FROM inventory_count WHERE store_id = ? AND warehouse_id = ? AND sku IN ("
                            + placeholders(chunk.size()) + ")")
                    .params(params(List.of(storeId, event.warehouseId()), chunk)).query(String.class).list());
        }
        List<Object[]> updates = new ArrayList<>();
        List<Object[]> inserts = new ArrayList<>();
        for (InventoryEvent.Count count : event.counts()) {
            if (known.contains(count.sku())) {
                updates.add(new Object[] {count.available(), countedAt, status, reason, now, now, storeId,
                        event.warehouseId(), count.sku(), countedAt});
            } else {
                inserts.add(new Object[] {storeId, event.warehouseId(), count.sku(), count.available(), countedAt,
                        status, reason, now, now});
            }
        }
        int changed = 0;
        for (int updated : batch.batchUpdate("UPDATE inventory_count SET available = ?, counted_at = ?,"
                + " version = version + 1, status = ?, failure_reason = ?, failure_category = NULL, tag = NULL,"
                + " attempts = 0, next_retry_at = NULL, scheduled_attempts = 0, received_at = ?, updated_at = ?"
                + " WHERE store_id = ? AND warehouse_id = ? AND sku = ? AND counted_at < ?", updates)) {
            changed += updated != 0 ? 1 : 0;
        }
        batch.batchUpdate("INSERT INTO inventory_count (store_id, warehouse_id, sku, available, counted_at, version,"
                + " status, failure_reason, received_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?)", inserts);
        return changed + inserts.size();
    }

    /** How many counts each store has FAILED now. */
    public Map<String, Long> failedByStore() {
        Map<String, Long> failed = new LinkedHashMap<>();
        jdbc.sql("SELECT store_id, COUNT(*) FROM inventory_count WHERE status = 'FAILED' GROUP BY store_id")
                .query(rs -> { failed.put(rs.getString(1), rs.getLong(2)); });
        return failed;
    }

    /** The store's PENDING counts that are due, at most {@code limit}, by SKU. */
    public List<PendingCount> pending(String storeId, int limit) {
        return jdbc.sql("SELECT warehouse_id, sku, available, version, attempts, scheduled_attempts"
                        + " FROM inventory_count"
                        + " WHERE store_id = ? AND status = 'PENDING' AND (next_retry_at IS NULL OR next_retry_at <= ?)"
                        + " ORDER BY sku, warehouse_id LIMIT ?")
                .params(storeId, now(), limit)
                .query((rs, row) -> new PendingCount(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getLong(4),
                        rs.getInt(5), rs.getInt(6)))
                .list();
    }

    /** Every warehouse's latest count of these SKUs in the store: SKU → warehouse → available. */
    public Map<String, Map<String, Integer>> latest(String storeId, Collection<String> skus) {
        Map<String, Map<String, Integer>> latest = new LinkedHashMap<>();
        for (List<String> chunk : chunks(List.copyOf(new HashSet<>(skus)))) {
            jdbc.sql("SELECT sku, warehouse_id, available FROM inventory_count WHERE store_id = ? AND sku IN ("
                            + placeholders(chunk.size()) + ")")
                    .params(params(List.of(storeId), chunk))
                    .query(rs -> {
                        latest.computeIfAbsent(rs.getString(1), sku -> new LinkedHashMap<>())
                                .put(rs.getString(2), rs.getInt(3));
                    });
        }
        return latest;
    }

    /**
     * The level's counts are in the cart: SYNCED with the location and total written. A count that had failed before
     * gets a timeline note that it is written now.
     */
    @Transactional
    public void written(String storeId, Collection<InventoryLevel> levels) {
        OffsetDateTime now = now();
        List<Object[]> rows = new ArrayList<>();
        List<Object[]> recovered = new ArrayList<>();
        for (InventoryLevel level : levels) {
            for (PendingCount count : level.counts()) {
                rows.add(new Object[] {level.locationId(), level.quantity(), now, now, storeId, count.warehouseId(),
                        count.sku(), count.version()});
                if (count.attempts() > 0) {
                    recovered.add(timelineRow(storeId, count, now, "WRITTEN", "Written: " + level.describe()
                            + " is " + level.quantity() + " in the cart"));
                }
            }
        }
        batch.batchUpdate("UPDATE inventory_count SET status = 'SYNCED', tag = NULL, location_id = ?,"
                + " written_quantity = ?, attempts = attempts + 1, failure_category = NULL, failure_reason = NULL,"
                + " next_retry_at = NULL, synced_at = ?, updated_at = ?"
                + " WHERE store_id = ? AND warehouse_id = ? AND sku = ? AND version = ?", rows);
        addTimeline(recovered);
    }

    /**
     * The counts failed: FAILED, tagged, in the timeline. A transient failure is retried on schedule
     * ({@code writeback.retry.base-interval}, doubling, up to {@code writeback.retry.max-scheduled-attempts}); a
     * permanent one waits for a fix (a mapping, an operator's retry).
     */
    @Transactional
    public void failed(String storeId, Collection<PendingCount> counts, String locationId, WritebackFailure failure) {
        OffsetDateTime now = now();
        String reason = StringUtils.abbreviate(failure.getReason(), "…", MAX_REASON);
        List<Object[]> rows = new ArrayList<>();
        List<Object[]> notes = new ArrayList<>();
        for (PendingCount count : counts) {
            OffsetDateTime retryAt = failure.getCategory().isTransient()
                    && count.scheduledAttempts() < maxScheduledAttempts
                    ? now.plus(baseInterval.multipliedBy(1L << Math.min(count.scheduledAttempts(), 20))) : null;
            rows.add(new Object[] {TAG, locationId, failure.getCategory().name(), reason, retryAt, now, storeId,
                    count.warehouseId(), count.sku(), count.version()});
            notes.add(timelineRow(storeId, count, now, "FAILED", failure.getCategory() + ": " + reason));
        }
        batch.batchUpdate("UPDATE inventory_count SET status = 'FAILED', tag = ?, location_id = ?,"
                + " attempts = attempts + 1, failure_category = ?, failure_reason = ?, next_retry_at = ?,"
                + " updated_at = ? WHERE store_id = ? AND warehouse_id = ? AND sku = ? AND version = ?", rows);
        addTimeline(notes);
    }

    /** A try that failed on the way (the cart down, rate limited): the counts stay PENDING for the next try. */
    public void attemptFailed(String storeId, Collection<PendingCount> counts, WritebackFailure failure) {
        OffsetDateTime now = now();
        String reason = StringUtils.abbreviate(failure.getReason(), "…", MAX_REASON);
        batch.batchUpdate("UPDATE inventory_count SET attempts = attempts + 1, failure_category = ?,"
                        + " failure_reason = ?, updated_at = ? WHERE store_id = ? AND warehouse_id = ? AND sku = ?"
                        + " AND version = ?",
                counts.stream().map(count -> new Object[] {failure.getCategory().name(), reason, now, storeId,
                        count.warehouseId(), count.sku(), count.version()}).toList());
    }

    /** Counts of a warehouse left out of inventory writeback after they arrived: SKIPPED, saying why. */
    public void skipped(String storeId, Collection<PendingCount> counts) {
        OffsetDateTime now = now();
        batch.batchUpdate("UPDATE inventory_count SET status = 'SKIPPED', tag = NULL, failure_reason = ?,"
                        + " updated_at = ? WHERE store_id = ? AND warehouse_id = ? AND sku = ? AND version = ?",
                counts.stream().map(count -> new Object[] {excludedReason(storeId, count.warehouseId()), now, storeId,
                        count.warehouseId(), count.sku(), count.version()}).toList());
    }

    /**
     * Failed counts due for a scheduled retry, at most {@code limit}: PENDING again (the schedule counts them).
     * Returns the stores whose counts are due, for a write each.
     */
    @Transactional
    public List<String> queueDueRetries(int limit) {
        OffsetDateTime now = now();
        List<String> stores = jdbc.sql("SELECT DISTINCT store_id FROM inventory_count WHERE status = 'FAILED'"
                        + " AND next_retry_at <= ? ORDER BY store_id LIMIT ?")
                .params(now, limit).query(String.class).list();
        for (String storeId : stores) {
            jdbc.sql("UPDATE inventory_count SET status = 'PENDING', version = version + 1, next_retry_at = NULL,"
                            + " scheduled_attempts = scheduled_attempts + 1, updated_at = ?"
                            + " WHERE store_id = ? AND status = 'FAILED' AND next_retry_at <= ?")
                    .params(now, storeId, now).update();
        }
        return stores;
    }

    /**
     * Stores with counts PENDING since before {@code before}: their write's message was lost (or every delivery of it
     * failed), so they get a new one. Nothing stays PENDING unseen.
     */
    public List<String> stalledStores(Instant before, int limit) {
        return jdbc.sql("SELECT DISTINCT store_id FROM inventory_count WHERE status = 'PENDING' AND updated_at < ?"
                        + " AND (next_retry_at IS NULL OR next_retry_at <= ?) ORDER BY store_id LIMIT ?")
                .params(before.atOffset(ZoneOffset.UTC), now(), limit).query(String.class).list();
    }

    /**
     * The warehouse was mapped, remapped or unmapped in the store: its counts are PENDING again (written to the new
     * location, or failing for want of one), and so are the other warehouses' counts of its SKUs at the location it
     * left ({@code oldLocation}, null when it had none), whose sums no longer hold it. Returns how many.
     */
    @Transactional
    public int mappingChanged(String storeId, String warehouseId, String oldLocation) {
        OffsetDateTime now = now();
        int own = jdbc.sql("UPDATE inventory_count SET status = 'PENDING', version = version + 1, next_retry_at = NULL,"
                        + " updated_at = ? WHERE store_id = ? AND warehouse_id = ? AND status IN ('SYNCED', 'FAILED')")
                .params(now, storeId, warehouseId).update();
        if (oldLocation == null) {
            return own;
        }
        return own + jdbc.sql("UPDATE inventory_count SET status = 'PENDING', version = version + 1, updated_at = ?"
                        + " WHERE store_id = ? AND status = 'SYNCED' AND warehouse_id IN (SELECT warehouse_id FROM"
                        + " location_mapping WHERE store_id = ? AND location_id = ? AND warehouse_id <> ?) AND sku IN"
                        + " (SELECT sku FROM inventory_count WHERE store_id = ? AND warehouse_id = ?)")
                .params(now, storeId, storeId, oldLocation, warehouseId, storeId, warehouseId).update();
    }

    /**
     * The warehouse was left out of the store's inventory writeback, or taken in again. Left out: its counts not yet
     * written are SKIPPED, and the other warehouses' counts of its SKUs are written again, so that the locations'
     * sums no longer hold it. Taken in: its SKIPPED counts are PENDING again. Returns how many counts are to be
     * written.
     */
    @Transactional
    public int exclusionChanged(String storeId, String warehouseId, boolean excluded) {
        OffsetDateTime now = now();
        if (!excluded) {
            return jdbc.sql("UPDATE inventory_count SET status = 'PENDING', version = version + 1,"
                            + " failure_reason = NULL, updated_at = ? WHERE store_id = ? AND warehouse_id = ?"
                            + " AND status = 'SKIPPED'")
                    .params(now, storeId, warehouseId).update();
        }
        jdbc.sql("UPDATE inventory_count SET status = 'SKIPPED', tag = NULL, failure_category = NULL,"
                        + " failure_reason = ?, next_retry_at = NULL, version = version + 1, updated_at = ?"
                        + " WHERE store_id = ? AND warehouse_id = ? AND status IN ('PENDING', 'FAILED')")
                .params(excludedReason(storeId, warehouseId), now, storeId, warehouseId).update();
        return jdbc.sql("UPDATE inventory_count SET status = 'PENDING', version = version + 1, updated_at = ?"
                        + " WHERE store_id = ? AND warehouse_id <> ? AND status = 'SYNCED' AND sku IN"
                        + " (SELECT sku FROM inventory_count WHERE store_id = ? AND warehouse_id = ?)")
                .params(now, storeId, warehouseId, storeId, warehouseId).update();
    }

    /** An operator's retry: the store's FAILED counts (of one warehouse, or all when null) PENDING again. */
    @Transactional
    public int retryFailed(String storeId, String warehouseId) {
        String sql = "UPDATE inventory_count SET status = 'PENDING', version = version + 1, next_retry_at = NULL,"
                + " updated_at = ? WHERE store_id = ? AND status = 'FAILED'";
        return warehouseId == null ? jdbc.sql(sql).params(now(), storeId).update()
                : jdbc.sql(sql + " AND warehouse_id = ?").params(now(), storeId, warehouseId).update();
    }

    /**
     * Takes the store's write lease for {@code holder} until {@code until}, unless another holder has it: one write
     * of a store at a time, whatever the instance (two overlapping could land an older total after a newer one).
     */
    public boolean lease(String storeId, String holder, Duration length) {
        OffsetDateTime now = now();
        int taken = jdbc.sql("UPDATE inventory_write_lease SET holder = ?, held_until = ? WHERE store_id = ?"
                        + " AND (held_until < ? OR holder = ?)")
                .params(holder, now.plus(length), storeId, now, holder).update();
        if (taken > 0) {
            return true;
        }
        try {
            return jdbc.sql("INSERT INTO inventory_write_lease (store_id, holder, held_until) VALUES (?, ?, ?)")
                    .params(storeId, holder, now.plus(length)).update() > 0;
        } catch (DuplicateKeyException heldByAnother) {
            return false;
        }
    }

    public void release(String storeId, String holder) {
        jdbc.sql("DELETE FROM inventory_write_lease WHERE store_id = ? AND holder = ?").params(storeId, holder)
                .update();
    }

    private void addTimeline(List<Object[]> rows) {
        batch.batchUpdate("INSERT INTO inventory_timeline (store_id, warehouse_id, sku, at, event, message)"
                + " VALUES (?, ?, ?, ?, ?, ?)", rows);
    }

    private static Object[] timelineRow(String storeId, PendingCount count, OffsetDateTime at, String event,
                                        String message) {
        return new Object[] {storeId, count.warehouseId(), count.sku(), at, event,
                StringUtils.abbreviate(message, "…", 4000)};
    }

    static String excludedReason(String storeId, String warehouseId) {
        return "Warehouse " + warehouseId + " is left out of inventory writeback for store " + storeId
                + ": its counts are kept, not written";
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    private static List<List<String>> chunks(List<String> values) {
        List<List<String>> chunks = new ArrayList<>();
        for (int i = 0; i < values.size(); i += IN_LIST) {
            chunks.add(values.subList(i, Math.min(values.size(), i + IN_LIST)));
        }
        return chunks;
    }

    private static String placeholders(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }

    private static Object[] params(List<Object> first, List<String> then) {
        List<Object> all = new ArrayList<>(first);
        all.addAll(then);
        return all.toArray();
    }
}
