package io.writeback.inventory;

import io.writeback.store.Store;
import java.util.List;

/**
 * One write of a store's inventory: the PENDING counts it read (every event that brought them, coalesced) and the
 * quantities the cart is to hold, one per location and SKU.
 */
public record InventoryWrite(Store store, List<PendingCount> pending, List<InventoryLevel> levels) {

    public InventoryWrite {
        pending = List.copyOf(pending);
        levels = List.copyOf(levels);
    }
}
