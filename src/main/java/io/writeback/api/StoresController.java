package io.writeback.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.writeback.channel.Channel;
import io.writeback.ledger.RetrySchedule;
import io.writeback.pacing.RateBudget;
import io.writeback.pacing.RateStatus;
import io.writeback.store.LocationMappings;
import io.writeback.store.Store;
import io.writeback.store.Stores;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Configured stores (never their secrets) and their warehouse → location mappings. */
@RestController
@RequestMapping("/api/stores")
class StoresController {

    private static final Pattern WAREHOUSE = Pattern.compile("[^\\p{Cntrl}/]{1,64}");
    private static final Pattern LOCATION = Pattern.compile("[^\\p{Cntrl}\\s]{1,255}");
    private static final Pattern SHOPIFY_LOCATION = Pattern.compile("(gid://shopify/Location/)?([0-9]+)");

    /** rateBudget: the store's token bucket now (capacity, available, perSecond; null figures when unlimited). */
    record StoreView(String storeId, String channel, String baseUrl, boolean notifyCustomer,
                     Map<String, String> settings, RateStatus rateBudget) {
    }

    /** The mapping, and how many shipments that failed for want of it are now due for retry. */
    record MappingView(String storeId, String warehouseId, String locationId, int retriesScheduled) {
    }

    private final Stores stores;
    private final LocationMappings mappings;
    private final RetrySchedule retrySchedule;
    private final RateBudget budget;

    StoresController(Stores stores, LocationMappings mappings, RetrySchedule retrySchedule, RateBudget budget) {
        this.stores = stores;
        this.mappings = mappings;
        this.retrySchedule = retrySchedule;
        this.budget = budget;
    }

    @GetMapping
    List<StoreView> list() {
        return stores.all().stream().map(s -> new StoreView(s.id(), s.channel().code(),
                s.config().baseUrl().toString(), s.config().notifyCustomer(), s.config().settings(),
                budget.status(s))).toList();
    }

    @GetMapping("/{storeId}/location-mappings")
    Map<String, String> mappings(@PathVariable String storeId) {
        return mappings.forStore(store(storeId).id());
    }

    @PutMapping("/{storeId}/location-mappings/{warehouseId}")
    MappingView put(@PathVariable String storeId, @PathVariable String warehouseId,
                    @RequestBody(required = false) JsonNode request) {
        Store store = store(storeId);
        if (!WAREHOUSE.matcher(warehouseId).matches()) {
            throw ApiException.badRequest("warehouseId", "warehouseId must be 1 to 64 characters");
        }
        JsonNode location = request == null ? null : request.get("locationId");
        if (location == null || location.isNull() || location.asText().isBlank()) {
            throw ApiException.badRequest("locationId", "locationId is required, e.g. {\"locationId\": "
                    + "\"gid://shopify/Location/1\"}");
        }
        if (!location.isTextual()) {
            throw ApiException.badRequest("locationId", "locationId must be a string");
        }
        String locationId = location.asText().strip();
        if (!LOCATION.matcher(locationId).matches()) {
            throw ApiException.badRequest("locationId", "locationId must be 1 to 255 characters without spaces");
        }
        if (store.channel() == Channel.SHOPIFY) {
            var matcher = SHOPIFY_LOCATION.matcher(locationId);
            if (!matcher.matches()) {
                throw ApiException.badRequest("locationId", "locationId must be a Shopify location id:"
                        + " gid://shopify/Location/123 or 123");
            }
            locationId = "gid://shopify/Location/" + matcher.group(2);
        }
        mappings.put(store.id(), warehouseId, locationId);
        return new MappingView(store.id(), warehouseId, locationId,
                retrySchedule.mappingAdded(store.id(), warehouseId, locationId));
    }

    @DeleteMapping("/{storeId}/location-mappings/{warehouseId}")
    ResponseEntity<Void> delete(@PathVariable String storeId, @PathVariable String warehouseId) {
        if (!mappings.delete(store(storeId).id(), warehouseId)) {
            throw ApiException.notFound("Warehouse " + warehouseId + " is not mapped for store " + storeId);
        }
        return ResponseEntity.status(HttpStatus.NO_CONTENT).build();
    }

    private Store store(String storeId) {
        return stores.find(storeId).orElseThrow(() -> ApiException.notFound("Store " + storeId
                + " is not configured"));
    }
}
