package io.writeback.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.writeback.pacing.RateBudget;
import io.writeback.pacing.RateStatus;
import io.writeback.store.LocationMappings;
import io.writeback.store.Store;
import io.writeback.store.Stores;
import java.util.List;
import java.util.Map;
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

    /** rateBudget: the store's token bucket now (capacity, available, perSecond; null figures when unlimited). */
    record StoreView(String storeId, String channel, String baseUrl, boolean notifyCustomer,
                     Map<String, String> settings, RateStatus rateBudget) {
    }

    private final Stores stores;
    private final LocationMappings mappings;
    private final MappingChanges changes;
    private final RateBudget budget;

    StoresController(Stores stores, LocationMappings mappings, MappingChanges changes, RateBudget budget) {
        this.stores = stores;
        this.mappings = mappings;
        this.changes = changes;
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
    MappingChanges.MappingView put(@PathVariable String storeId, @PathVariable String warehouseId,
                                   @RequestBody(required = false) JsonNode request) {
        changes.store(storeId);
        JsonNode location = request == null ? null : request.get("locationId");
        if (location != null && !location.isNull() && !location.isTextual()) {
            throw ApiException.badRequest("locationId", "locationId must be a string");
        }
        return changes.put(storeId, warehouseId, location == null || location.isNull() ? null : location.asText());
    }

    @DeleteMapping("/{storeId}/location-mappings/{warehouseId}")
    ResponseEntity<Void> delete(@PathVariable String storeId, @PathVariable String warehouseId) {
        if (!changes.delete(storeId, warehouseId)) {
            throw ApiException.notFound("Warehouse " + warehouseId + " is not mapped for store " + storeId);
        }
        return ResponseEntity.status(HttpStatus.NO_CONTENT).build();
    }

    private Store store(String storeId) {
        return changes.store(storeId);
    }
}
