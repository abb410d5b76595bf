package io.writeback.api;

import io.writeback.channel.Channel;
import io.writeback.ledger.RetrySchedule;
import io.writeback.retry.InventoryRetries;
import io.writeback.store.LocationMappings;
import io.writeback.store.Store;
import io.writeback.store.Stores;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * A warehouse mapped to a cart location, from the API or the console: checked (Shopify's ids normalised to
 * {@code gid://shopify/Location/<n>}), stored, and the shipments and inventory counts that failed for want of it
 * made due for retry.
 * Bad input is an {@link ApiException} naming the field.
 */
@Component
public class MappingChanges {

    private static final Pattern WAREHOUSE = Pattern.compile("[^\\p{Cntrl}/]{1,64}");
    private static final Pattern LOCATION = Pattern.compile("[^\\p{Cntrl}\\s]{1,255}");
    private static final Pattern SHOPIFY_LOCATION = Pattern.compile("(gid://shopify/Location/)?([0-9]+)");

    /**
     * The mapping, how many shipments that failed for want of it are now due for retry, and how many inventory counts
     * are written again for it.
     */
    public record MappingView(String storeId, String warehouseId, String locationId, int retriesScheduled,
                              int inventoryCountsRequeued) {
    }

    private final Stores stores;
    private final LocationMappings mappings;
    private final RetrySchedule retrySchedule;
    private final InventoryRetries inventoryRetries;

    MappingChanges(Stores stores, LocationMappings mappings, RetrySchedule retrySchedule,
                   InventoryRetries inventoryRetries) {
        this.stores = stores;
        this.mappings = mappings;
        this.retrySchedule = retrySchedule;
        this.inventoryRetries = inventoryRetries;
    }

    public MappingView put(String storeId, String warehouseId, String locationId) {
        Store store = store(storeId);
        checkWarehouse(warehouseId);
        if (locationId == null || locationId.isBlank()) {
            throw ApiException.badRequest("locationId", "locationId is required, e.g. {\"locationId\": "
                    + "\"gid://shopify/Location/1\"}");
        }
        String location = locationId.strip();
        if (!LOCATION.matcher(location).matches()) {
            throw ApiException.badRequest("locationId", "locationId must be 1 to 255 characters without spaces");
        }
        if (store.channel() == Channel.SHOPIFY) {
            var matcher = SHOPIFY_LOCATION.matcher(location);
            if (!matcher.matches()) {
                throw ApiException.badRequest("locationId", "locationId must be a Shopify location id:"
                        + " gid://shopify/Location/123 or 123");
            }
            location = "gid://shopify/Location/" + matcher.group(2);
        }
        String before = mappings.find(store.id(), warehouseId).orElse(null);
        mappings.put(store.id(), warehouseId, location);
        return new MappingView(store.id(), warehouseId, location,
                retrySchedule.mappingAdded(store.id(), warehouseId, location),
                location.equals(before) ? 0 : inventoryRetries.mappingChanged(store, warehouseId, before));
    }

    /**
     * Removes the warehouse's mapping; the other warehouses' counts at its location are written again without it.
     * False when there was none.
     */
    public boolean delete(String storeId, String warehouseId) {
        Store store = store(storeId);
        String before = mappings.find(store.id(), warehouseId).orElse(null);
        if (before == null || !mappings.delete(store.id(), warehouseId)) {
            return false;
        }
        inventoryRetries.mappingChanged(store, warehouseId, before);
        return true;
    }

    /** A warehouse id as the mappings take it: 1 to 64 characters, no '/' or control characters. */
    void checkWarehouse(String warehouseId) {
        if (warehouseId == null || !WAREHOUSE.matcher(warehouseId).matches()) {
            throw ApiException.badRequest("warehouseId", "warehouseId must be 1 to 64 characters");
        }
    }

    Store store(String storeId) {
        return stores.find(storeId).orElseThrow(() -> ApiException.notFound("Store " + storeId
                + " is not configured"));
    }
}
