package io.writeback.inventory;

import java.util.List;

/**
 * One quantity a cart is to hold: the SKU at the cart location (null where the cart has no locations and takes the
 * store's total), the sum of the counts of every warehouse mapped there, and the pending counts it writes.
 */
public record InventoryLevel(String locationId, String sku, int quantity, List<PendingCount> counts) {

    public InventoryLevel {
        counts = List.copyOf(counts);
    }

    /** The warehouses whose counts it writes, for reasons: "WH-A, WH-B". */
    public String warehouses() {
        return String.join(", ", counts.stream().map(PendingCount::warehouseId).distinct().toList());
    }

    /** For reasons and the timeline: "TEE at gid://shopify/Location/1". */
    public String describe() {
        return "SKU " + sku + (locationId == null ? "" : " at " + locationId);
    }
}
