package io.writeback.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.writeback.retry.InventoryRetries;
import io.writeback.store.LocationMappings;
import io.writeback.store.Store;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Inventory writeback for operators: failed counts by cause, a store's counts, one count with its timeline, a retry,
 * and the warehouses a store leaves out of inventory writeback.
 */
@RestController
class InventoryController {

    private static final Set<String> STATUSES = Set.of("PENDING", "SYNCED", "FAILED", "SKIPPED");

    /** A count and what happened to it. */
    record CountView(InventoryIssues.Count count, List<InventoryIssues.TimelineEntry> timeline) {
    }

    private final InventoryIssues issues;
    private final InventoryRetries retries;
    private final LocationMappings mappings;
    private final MappingChanges changes;

    InventoryController(InventoryIssues issues, InventoryRetries retries, LocationMappings mappings,
                        MappingChanges changes) {
        this.issues = issues;
        this.retries = retries;
        this.mappings = mappings;
        this.changes = changes;
    }

    @GetMapping("/api/inventory/failures")
    List<InventoryIssues.Cause> failures(@RequestParam(required = false) String storeId) {
        return issues.causes(storeId == null || storeId.isBlank() ? null : changes.store(storeId).id());
    }

    @GetMapping("/api/stores/{storeId}/inventory")
    List<InventoryIssues.Count> counts(@PathVariable String storeId,
                                       @RequestParam(required = false) String warehouseId,
                                       @RequestParam(required = false) String status,
                                       @RequestParam(defaultValue = "100") int limit,
                                       @RequestParam(defaultValue = "0") int offset) {
        if (status != null && !STATUSES.contains(status)) {
            throw ApiException.badRequest("status", "status must be one of " + STATUSES);
        }
        if (limit < 1 || limit > 1000) {
            throw ApiException.badRequest("limit", "limit must be from 1 to 1000");
        }
        if (offset < 0) {
            throw ApiException.badRequest("offset", "offset must be 0 or more");
        }
        return issues.counts(changes.store(storeId).id(), warehouseId, status, limit, offset);
    }

    @GetMapping("/api/stores/{storeId}/inventory/{warehouseId}/{sku}")
    CountView count(@PathVariable String storeId, @PathVariable String warehouseId, @PathVariable String sku) {
        Store store = changes.store(storeId);
        return issues.count(store.id(), warehouseId, sku)
                .map(count -> new CountView(count, issues.timeline(store.id(), warehouseId, sku)))
                .orElseThrow(() -> ApiException.notFound("Store " + storeId + " has no count of SKU " + sku
                        + " in warehouse " + warehouseId));
    }

    /** Body {@code {"storeId": …, "warehouseId": …}} (the warehouse optional): the FAILED counts are written now. */
    @PostMapping("/api/inventory/retries")
    ResponseEntity<Map<String, Object>> retry(@RequestBody(required = false) JsonNode request) {
        if (request == null || !request.isObject()) {
            throw ApiException.badRequest("body",
                    "The body must be {\"storeId\": …, \"warehouseId\": … (optional)}");
        }
        String storeId = text(request, "storeId");
        if (storeId == null) {
            throw ApiException.badRequest("storeId", "storeId is required");
        }
        Store store = changes.store(storeId);
        int queued = retries.retry(store, text(request, "warehouseId"), "operator");
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("storeId", store.id(), "queued", queued));
    }

    @GetMapping("/api/stores/{storeId}/inventory-exclusions")
    Set<String> exclusions(@PathVariable String storeId) {
        return mappings.excludedFromInventory(changes.store(storeId).id());
    }

    /**
     * Leaves the warehouse's counts out of the store's inventory writeback from now on; the other warehouses' counts
     * of its SKUs are written again, so that the sums no longer hold it.
     */
    @PutMapping("/api/stores/{storeId}/inventory-exclusions/{warehouseId}")
    Map<String, Object> exclude(@PathVariable String storeId, @PathVariable String warehouseId) {
        Store store = changes.store(storeId);
        changes.checkWarehouse(warehouseId);
        mappings.excludeFromInventory(store.id(), warehouseId, true);
        return Map.of("excluded", mappings.excludedFromInventory(store.id()),
                "inventoryCountsRequeued", retries.exclusionChanged(store, warehouseId, true));
    }

    /** Takes the warehouse's counts into the store's inventory writeback again: its latest counts are written. */
    @DeleteMapping("/api/stores/{storeId}/inventory-exclusions/{warehouseId}")
    ResponseEntity<Void> include(@PathVariable String storeId, @PathVariable String warehouseId) {
        Store store = changes.store(storeId);
        if (!mappings.excludedFromInventory(store.id()).contains(warehouseId)) {
            throw ApiException.notFound("Warehouse " + warehouseId + " is not left out for store " + storeId);
        }
        mappings.excludeFromInventory(store.id(), warehouseId, false);
        retries.exclusionChanged(store, warehouseId, false);
        return ResponseEntity.noContent().build();
    }

    private static String text(JsonNode request, String field) {
        JsonNode value = request.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw ApiException.badRequest(field, field + " must be a non-empty string");
        }
        return value.asText();
    }
}
