package io.writeback.inventory;

import static io.writeback.TestInventory.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.writeback.WritebackTestSupport;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/** The inventory part of the REST API: failures by cause, a store's counts, one count's timeline, retry, exclusions. */
class InventoryApiTest extends WritebackTestSupport {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @Test
    void failedCountsByCauseWithTheirFixAndEachCountsTimeline() {
        sendInventory(event("test-shopify", "WH-B", NOW, "TEE", 3, "MUG", 1));
        awaitInventoryCount("test-shopify", "WH-B", "MUG", "FAILED");
        awaitInventoryCount("test-shopify", "WH-B", "TEE", "FAILED");

        JsonNode causes = apiGet("/api/inventory/failures");
        assertThat(causes).hasSize(1);
        assertThat(causes.get(0).path("category").asText()).isEqualTo("LOCATION_NOT_MAPPED");
        assertThat(causes.get(0).path("skus").asInt()).isEqualTo(2);
        assertThat(causes.get(0).path("fix").asText())
                .contains("PUT /api/stores/test-shopify/location-mappings/WH-B");
        JsonNode failed = apiGet("/api/stores/test-shopify/inventory?status=FAILED");
        assertThat(failed).extracting(count -> count.path("sku").asText()).containsExactly("MUG", "TEE");
        JsonNode tee = apiGet("/api/stores/test-shopify/inventory/WH-B/TEE");
        assertThat(tee.path("count").path("tag").asText()).isEqualTo(InventoryCounts.TAG);
        assertThat(tee.path("timeline").get(0).path("event").asText()).isEqualTo("FAILED");
        assertThat(api("GET", "/api/stores/test-shopify/inventory/WH-B/NONE", null).statusCode()).isEqualTo(404);
        assertThat(api("GET", "/api/stores/test-shopify/inventory?status=LOST", null).body()).contains("\"status\"");
    }

    @Test
    void aRetryWritesTheFailedCountsOfAWarehouseAgain() throws Exception {
        sendInventory(event("test-shopify", "WH-C", NOW, "HAT", 2));
        awaitInventoryCount("test-shopify", "WH-C", "HAT", "FAILED");
        shop.location(3, "Retail Store", "TEE", "MUG", "HAT");

        var answer = api("POST", "/api/inventory/retries", "{\"storeId\": \"test-shopify\", \"warehouseId\": \"WH-C\"}");
        assertThat(answer.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(answer.body()).path("queued").asInt()).isEqualTo(1);
        awaitInventoryCount("test-shopify", "WH-C", "HAT", "SYNCED");
        assertThat(shop.available(3, "HAT")).isEqualTo(2);
        assertThat(api("POST", "/api/inventory/retries", "{\"warehouseId\": \"WH-C\"}").body()).contains("storeId");
        assertThat(api("POST", "/api/inventory/retries", "{\"storeId\": 5}").statusCode()).isEqualTo(400);
        assertThat(apiAs("viewer:writeback-viewer", "POST", "/api/inventory/retries",
                "{\"storeId\": \"test-shopify\"}").statusCode()).isEqualTo(403);
    }

    @Test
    void aWarehouseLeftOutAndTakenInAgain() {
        assertThat(api("PUT", "/api/stores/test-shopify/inventory-exclusions/WH-A", null).body()).contains("WH-A");
        long intakes = routeCompleted("inventory-intake");
        sendInventory(event("test-shopify", "WH-A", NOW, "TEE", 3));
        awaitRouteCompleted("inventory-intake", intakes, 1);
        assertThat(inventoryCount("test-shopify", "WH-A", "TEE")).containsEntry("status", "SKIPPED");

        assertThat(api("DELETE", "/api/stores/test-shopify/inventory-exclusions/WH-A", null).statusCode())
                .isEqualTo(204);
        assertThat(api("DELETE", "/api/stores/test-shopify/inventory-exclusions/WH-A", null).statusCode())
                .isEqualTo(404);
        sendInventory(event("test-shopify", "WH-A", NOW.plusSeconds(1), "TEE", 4));
        awaitInventoryCount("test-shopify", "WH-A", "TEE", "SYNCED");
        assertThat(shop.available(1, "TEE")).isEqualTo(4);
    }
}
