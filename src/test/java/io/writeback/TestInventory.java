package io.writeback;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An inventory event for tests: a store (or all), a warehouse, when it was counted, and SKU → available. */
public final class TestInventory {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TestInventory() {
    }

    /** {@code skuAvailable}: "TEE", 12, "MUG", 3, … */
    public static String event(String storeId, String warehouseId, Instant countedAt, Object... skuAvailable) {
        Map<String, Object> event = new LinkedHashMap<>();
        if (storeId == null) {
            event.put("allStores", true);
        } else {
            event.put("storeId", storeId);
        }
        event.put("warehouseId", warehouseId);
        event.put("countedAt", countedAt.toString());
        List<Map<String, Object>> quantities = new ArrayList<>();
        for (int i = 0; i < skuAvailable.length; i += 2) {
            quantities.add(Map.of("sku", skuAvailable[i], "available", skuAvailable[i + 1]));
        }
        event.put("quantities", quantities);
        try {
            return JSON.writeValueAsString(event);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
