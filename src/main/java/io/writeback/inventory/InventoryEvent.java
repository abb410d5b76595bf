package io.writeback.inventory;

import java.time.Instant;
import java.util.List;

/**
 * A warehouse's count as the warehouse system sent it on {@code inventory.inbound} (README "Inventory events"): the
 * available on hand of each SKU at {@code countedAt}, for one store or, when {@code storeId} is null, for every store.
 */
public record InventoryEvent(String storeId, String warehouseId, Instant countedAt, List<Count> counts) {

    public record Count(String sku, int available) {
    }

    public InventoryEvent {
        counts = List.copyOf(counts);
    }

    public boolean allStores() {
        return storeId == null;
    }
}
