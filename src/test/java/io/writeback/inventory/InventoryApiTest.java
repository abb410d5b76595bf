package io.writeback.inventory;

import static io.writeback.TestInventory.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.writeback.WritebackTestSupport;
import io.writeback.retry.InventoryRetries;
import io.writeback.store.LocationMappings;
import io.writeback.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The inventory part of the REST API: failures by cause, a store's counts, one count's timeline, retry, exclusions. */
class InventoryApiTest extends WritebackTestSupport {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @Autowired
    private LocationMappings mappings;
    @Autowired
    private InventoryRetries inventoryRetries;

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

        var answer = api("POST", "/api/inventory/retries",
                "{\"storeId\": \"test-shopify\", \"warehouseId\": \"WH-C\"}");
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
    void aWarehouseLeftOutLeavesTheSumsAndTakenInAgainIsWritten() {
        mappings.put("test-shopify", "WH-B", "gid://shopify/Location/1");
        sendInventory(event("test-shopify", "WH-A", NOW, "TEE", 3));
        sendInventory(event("test-shopify", "WH-B", NOW, "TEE", 4));
        await().atMost(Duration.ofSeconds(20)).until(() -> Integer.valueOf(7).equals(shop.available(1, "TEE")));

        var excluded = api("PUT", "/api/stores/test-shopify/inventory-exclusions/WH-B", null);
        assertThat(excluded.body()).contains("\"excluded\":[\"WH-B\"]", "\"inventoryCountsRequeued\":1");
        await().atMost(Duration.ofSeconds(20)).until(() -> Integer.valueOf(3).equals(shop.available(1, "TEE")));
        long intakes = routeCompleted("inventory-intake");
        sendInventory(event("test-shopify", "WH-B", NOW.plusSeconds(1), "TEE", 5));
        awaitRouteCompleted("inventory-intake", intakes, 1);
        assertThat(inventoryCount("test-shopify", "WH-B", "TEE")).containsEntry("status", "SKIPPED");

        assertThat(api("DELETE", "/api/stores/test-shopify/inventory-exclusions/WH-B", null).statusCode())
                .isEqualTo(204);
        assertThat(api("DELETE", "/api/stores/test-shopify/inventory-exclusions/WH-B", null).statusCode())
                .isEqualTo(404);
        await().atMost(Duration.ofSeconds(20)).until(() -> Integer.valueOf(8).equals(shop.available(1, "TEE")));
        assertThat(inventoryCount("test-shopify", "WH-B", "TEE")).containsEntry("status", "SYNCED");
    }

    @Test
    void aWarehouseMovedToAnotherLocationTakesItsCountsThereAndLeavesTheOldSumWithoutIt() throws Exception {
        api("PUT", "/api/stores/test-shopify/location-mappings/WH-B", "{\"locationId\": \"1\"}");
        sendInventory(event("test-shopify", "WH-A", NOW, "TEE", 3));
        sendInventory(event("test-shopify", "WH-B", NOW, "TEE", 4));
        await().atMost(Duration.ofSeconds(20)).until(() -> Integer.valueOf(7).equals(shop.available(1, "TEE")));

        var moved = api("PUT", "/api/stores/test-shopify/location-mappings/WH-B", "{\"locationId\": \"2\"}");
        assertThat(JSON.readTree(moved.body()).path("inventoryCountsRequeued").asInt()).isEqualTo(2);

        await().atMost(Duration.ofSeconds(20)).until(() -> Integer.valueOf(4).equals(shop.available(2, "TEE"))
                && Integer.valueOf(3).equals(shop.available(1, "TEE")));
        assertThat(api("DELETE", "/api/stores/test-shopify/location-mappings/WH-B", null).statusCode()).isEqualTo(204);
        assertThat(awaitInventoryCount("test-shopify", "WH-B", "TEE", "FAILED"))
                .containsEntry("failure_category", "LOCATION_NOT_MAPPED");
    }

    @Test
    void theScheduleTakesCountsWhoseRetryIsDueAndCountsWhoseMessageWasLost() {
        shop.outage(100);
        sendInventory(event("test-shopify", "WH-A", NOW, "TEE", 5));
        assertThat(awaitInventoryCount("test-shopify", "WH-A", "TEE", "FAILED"))
                .containsEntry("failure_category", "CHANNEL_UNAVAILABLE").containsEntry("scheduled_attempts", 0);
        assertThat(inventoryCount("test-shopify", "WH-A", "TEE").get("next_retry_at")).isNotNull();
        assertThat(inventoryRetries.due()).as("not due yet").isEmpty();

        jdbc.sql("UPDATE inventory_count SET next_retry_at = CURRENT_TIMESTAMP - INTERVAL '1' SECOND").update();
        // a count PENDING for longer than writeback.sweeper.pending-age with nothing in flight: its message was lost
        jdbc.sql("INSERT INTO inventory_count (store_id, warehouse_id, sku, available, counted_at, version, status,"
                + " received_at, updated_at) VALUES ('test-magento', 'WH-A', 'TEE', 1, CURRENT_TIMESTAMP, 1, 'PENDING',"
                + " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP - INTERVAL '1' HOUR)").update();

        assertThat(inventoryRetries.due()).extracting(Store::id).containsExactly("test-shopify", "test-magento");
        assertThat(inventoryCount("test-shopify", "WH-A", "TEE")).containsEntry("status", "PENDING")
                .containsEntry("scheduled_attempts", 1);
    }
}
