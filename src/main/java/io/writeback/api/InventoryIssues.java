package io.writeback.api;

import io.writeback.failure.FailureCategory;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The inventory counts an operator looks at: failed ones grouped by cause (store, warehouse, category: one mapping or
 * one fix serves a group), each with its fix; a store's counts; one count with its timeline.
 */
@Repository
public class InventoryIssues {

    /** One cause: how many SKUs of the warehouse failed for it, since when, one example, what fixes it. */
    public record Cause(String storeId, String warehouseId, String category, String locationId, long skus,
                        OffsetDateTime oldestFailedAt, String exampleSku, String exampleReason, String fix) {
    }

    /** A warehouse's count of a SKU for a store, and where its writeback stands. */
    public record Count(String storeId, String warehouseId, String sku, int available, OffsetDateTime countedAt,
                        String status, String tag, String locationId, Integer writtenQuantity, int attempts,
                        String failureCategory, String failureReason, OffsetDateTime nextRetryAt,
                        OffsetDateTime syncedAt) {
    }

    public record TimelineEntry(OffsetDateTime at, String event, String message) {
    }

    private static final String COUNT_COLUMNS = "store_id, warehouse_id, sku, available, counted_at, status, tag,"
            + " location_id, written_quantity, attempts, failure_category, failure_reason, next_retry_at, synced_at";

    private final JdbcClient jdbc;

    InventoryIssues(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Failed counts by cause, biggest first; {@code storeId} narrows them when set. */
    public List<Cause> causes(String storeId) {
        return jdbc.sql("SELECT store_id, warehouse_id, failure_category, MIN(location_id), COUNT(*),"
                        + " MIN(updated_at), MIN(sku), MIN(failure_reason) FROM inventory_count"
                        + " WHERE status = 'FAILED' AND (CAST(:storeId AS VARCHAR(64)) IS NULL OR store_id = :storeId)"
                        + " GROUP BY store_id, warehouse_id, failure_category ORDER BY 5 DESC, 6")
                .param("storeId", storeId)
                .query((rs, row) -> {
                    FailureCategory category = FailureCategory.valueOf(rs.getString(3));
                    return new Cause(rs.getString(1), rs.getString(2), category.name(), rs.getString(4),
                            rs.getLong(5), rs.getObject(6, OffsetDateTime.class), rs.getString(7), rs.getString(8),
                            fix(category, rs.getString(1), rs.getString(2)));
                }).list();
    }

    /** A store's counts, by SKU and warehouse, narrowed by warehouse and status when set; at most {@code limit}. */
    public List<Count> counts(String storeId, String warehouseId, String status, int limit, int offset) {
        return jdbc.sql("SELECT " + COUNT_COLUMNS + " FROM inventory_count WHERE store_id = :storeId"
                        + " AND (CAST(:warehouseId AS VARCHAR(64)) IS NULL OR warehouse_id = :warehouseId)"
                        + " AND (CAST(:status AS VARCHAR(16)) IS NULL OR status = :status)"
                        + " ORDER BY sku, warehouse_id LIMIT :limit OFFSET :offset")
                .param("storeId", storeId).param("warehouseId", warehouseId).param("status", status)
                .param("limit", limit).param("offset", offset)
                .query(InventoryIssues::count).list();
    }

    public Optional<Count> count(String storeId, String warehouseId, String sku) {
        return jdbc.sql("SELECT " + COUNT_COLUMNS + " FROM inventory_count WHERE store_id = ? AND warehouse_id = ?"
                        + " AND sku = ?")
                .params(storeId, warehouseId, sku)
                .query(InventoryIssues::count).optional();
    }

    public List<TimelineEntry> timeline(String storeId, String warehouseId, String sku) {
        return jdbc.sql("SELECT at, event, message FROM inventory_timeline WHERE store_id = ? AND warehouse_id = ?"
                        + " AND sku = ? ORDER BY id")
                .params(storeId, warehouseId, sku)
                .query((rs, row) -> new TimelineEntry(rs.getObject(1, OffsetDateTime.class), rs.getString(2),
                        rs.getString(3)))
                .list();
    }

    /** A row of {@link #COUNT_COLUMNS}. */
    private static Count count(ResultSet rs, int row) throws SQLException {
        return new Count(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                rs.getObject(5, OffsetDateTime.class), rs.getString(6), rs.getString(7), rs.getString(8),
                (Integer) rs.getObject(9), rs.getInt(10), rs.getString(11), rs.getString(12),
                rs.getObject(13, OffsetDateTime.class), rs.getObject(14, OffsetDateTime.class));
    }

    /** What an operator does about failed counts, in the API's terms. */
    static String fix(FailureCategory category, String storeId, String warehouseId) {
        String retry = " then retry them (POST /api/inventory/retries {\"storeId\": \"" + storeId
                + "\", \"warehouseId\": \"" + warehouseId + "\"})";
        return switch (category) {
            case LOCATION_NOT_MAPPED -> "Map warehouse " + warehouseId + " to a location of store " + storeId
                    + " (PUT /api/stores/" + storeId + "/location-mappings/" + warehouseId + "): its counts are"
                    + " written at once; or leave it out of inventory writeback (PUT /api/stores/" + storeId
                    + "/inventory-exclusions/" + warehouseId + ")";
            case LOCATION_NOT_STOCKED -> "Stock the SKUs at the location warehouse " + warehouseId + " maps to in the"
                    + " cart, or map the warehouse to one that stocks them (written at once);" + retry;
            case ITEMS_MISMATCH -> "Give the SKU to the product in the cart (or correct it where the counts are"
                    + " made);" + retry;
            case AUTH_FAILED -> "Renew the credentials of store " + storeId + " and restart;" + retry;
            case RATE_LIMITED, CHANNEL_UNAVAILABLE, STALLED, INTERNAL_ERROR -> "Retried automatically on schedule;"
                    + " to retry now, once the cart answers again," + retry.substring(5);
            default -> "Read the cart's answer in the reason and fix the product or the store's settings;" + retry;
        };
    }
}
