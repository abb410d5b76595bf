package io.writeback.api;

import io.writeback.failure.FailureCategory;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Failed shipments grouped by cause, with the fix next to each: "34 orders: warehouse WH-B not mapped for store
 * acme-shopify". A cause is the category and the store, and for a location failure the warehouse too, since one
 * mapping fixes all of them.
 */
@Repository
public class FailureCauses {

    /** One cause: how many orders and shipments it holds, since when, one example and what fixes it. */
    public record Cause(String category, String channel, String storeId, String warehouseId, long orders,
                        long shipments, OffsetDateTime oldestFailedAt, String exampleOrderNumber, String exampleReason,
                        String fix) {
    }

    private final JdbcClient jdbc;

    FailureCauses(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Biggest cause first; {@code channel} and {@code storeId} narrow them when set. */
    public List<Cause> find(String channel, String storeId) {
        return jdbc.sql("SELECT last_failure_category, channel, store_id,"
                        + " CASE WHEN last_failure_category IN ('LOCATION_NOT_MAPPED', 'LOCATION_NOT_STOCKED')"
                        + " THEN warehouse_id END AS warehouse,"
                        + " COUNT(DISTINCT order_number), COUNT(*), MIN(updated_at), MIN(order_number),"
                        + " MIN(last_failure_reason)"
                        + " FROM shipment WHERE status = 'FAILED' AND last_failure_category IS NOT NULL"
                        + " AND (CAST(:channel AS VARCHAR(32)) IS NULL OR channel = :channel)"
                        + " AND (CAST(:storeId AS VARCHAR(64)) IS NULL OR store_id = :storeId)"
                        + " GROUP BY last_failure_category, channel, store_id,"
                        + " CASE WHEN last_failure_category IN ('LOCATION_NOT_MAPPED', 'LOCATION_NOT_STOCKED')"
                        + " THEN warehouse_id END"
                        + " ORDER BY 5 DESC, 7")
                .param("channel", channel).param("storeId", storeId)
                .query((rs, row) -> {
                    FailureCategory category = FailureCategory.valueOf(rs.getString(1));
                    String store = rs.getString(3);
                    String warehouse = rs.getString(4);
                    return new Cause(category.name(), rs.getString(2), store, warehouse, rs.getLong(5),
                            rs.getLong(6), rs.getObject(7, OffsetDateTime.class), rs.getString(8),
                            rs.getString(9), fix(category, store, warehouse));
                }).list();
    }

    /** What an operator does about a cause, in the API's and the configuration's terms. */
    static String fix(FailureCategory category, String storeId, String warehouseId) {
        String retry = " then retry the orders (POST /api/retries with their orderNumbers)";
        return switch (category) {
            case LOCATION_NOT_MAPPED -> "Map warehouse " + warehouseId + " to a location of store " + storeId
                    + " (PUT /api/stores/" + storeId + "/location-mappings/" + warehouseId + "): the failed"
                    + " shipments are retried at the scheduler's next run";
            case LOCATION_NOT_STOCKED -> "Stock the items at the location warehouse " + warehouseId + " maps to in"
                    + " the cart, or map the warehouse to a location that stocks them;" + retry;
            case AUTH_FAILED -> "Renew the credentials of store " + storeId + " (writeback.stores." + storeId
                    + ") or the app's permissions in the cart, and restart;" + retry;
            case UNKNOWN_STORE -> "Configure the store under writeback.stores, or correct the events' storeId;"
                    + retry;
            case UNKNOWN_CHANNEL, INVALID_MESSAGE, MISSING_TRACKING, INVALID_TRACKING, INVALID_CARRIER ->
                    "Correct the event where it is produced (the reason says which field) and send it again";
            case ALREADY_SHIPPED -> "If the labels were voided and recreated, retry with {\"confirm\": true} to"
                    + " resend; otherwise nothing is missing in the cart";
            case ITEMS_MISMATCH -> "Compare the shipment's items with the order in the cart (edited order?), correct"
                    + " the event and send it again";
            case REJECTED -> "Read the cart's answer in the reason and fix the order in the cart;" + retry;
            case RATE_LIMITED, CHANNEL_UNAVAILABLE, STALLED, INTERNAL_ERROR -> "Retried automatically on schedule;"
                    + " to retry now, once the cart answers again, POST /api/retries with their orderNumbers";
        };
    }
}
