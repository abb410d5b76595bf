package io.writeback.inventory;

/**
 * A count waiting to be written: a warehouse's SKU as the write read it ({@code version} guards its outcome), with
 * its tries so far and the scheduled retries it has had.
 */
public record PendingCount(String warehouseId, String sku, int available, long version, int attempts,
                           int scheduledAttempts) {
}
