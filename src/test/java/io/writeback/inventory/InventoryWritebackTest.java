package io.writeback.inventory;

import static io.writeback.TestInventory.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.writeback.WritebackTestSupport;
import io.writeback.cart.shopify.ShopifyGraphQLSchema;
import io.writeback.sandbox.SandboxCart;
import io.writeback.store.LocationMappings;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The inventory flow end to end on the sandbox Shopify shop "test" (store test-shopify: WH-A → location 1, WH-C →
 * location 3): what the cart holds after each event, what the database records, what reaches inventory.failed.
 */
class InventoryWritebackTest extends WritebackTestSupport {

    private static final String STORE = "test-shopify";
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @Autowired
    private LocationMappings mappings;

    @Test
    void writesTheMappedLocationsAvailableQuantityWithRequestsShopifysSchemaTakes() throws Exception {
        sendInventory(event(STORE, "WH-A", NOW, "TEE", 12, "MUG", 3));

        awaitInventoryCount(STORE, "WH-A", "TEE", "SYNCED");
        Map<String, Object> mug = awaitInventoryCount(STORE, "WH-A", "MUG", "SYNCED");
        assertThat(mug).containsEntry("location_id", "gid://shopify/Location/1").containsEntry("written_quantity", 3);
        assertThat(shop.available(1, "TEE")).isEqualTo(12);
        assertThat(shop.available(1, "MUG")).isEqualTo(3);
        List<SandboxCart.Request> requests = shop.requests();
        // the SKUs' items are looked up unless an earlier test's write left them in the cache
        assertThat(requests).extracting(SandboxCart.Request::operation).endsWith("InventorySetQuantities")
                .isSubsetOf("InventoryItemsBySku", "InventorySetQuantities");
        requests.forEach(request -> assertThat(ShopifyGraphQLSchema.problems(request)).isEmpty());
        JsonNode input = JSON.readTree(shop.requests("InventorySetQuantities").get(0).body()).path("variables")
                .path("input");
        assertThat(input.path("name").asText()).isEqualTo("available");
        assertThat(input.path("reason").asText()).isEqualTo("correction");
        assertThat(input.path("quantities")).hasSize(2);
    }

    @Test
    void atMost250QuantitiesACallAndEachSkusItemLookedUpOnce() throws Exception {
        Object[] counts = new Object[2 * 600];
        String[] skus = new String[600];
        for (int i = 0; i < 600; i++) {
            skus[i] = "BULK-" + i;
            counts[2 * i] = skus[i];
            counts[2 * i + 1] = i;
        }
        shop.location(1, "Main Warehouse", skus);
        sendInventory(event(STORE, "WH-A", NOW, counts));
        await().atMost(Duration.ofSeconds(20)).until(() -> Integer.valueOf(599).equals(shop.available(1, "BULK-599")));

        List<SandboxCart.Request> sets = shop.requests("InventorySetQuantities");
        assertThat(sets).hasSize(3);
        for (SandboxCart.Request set : sets) {
            assertThat(JSON.readTree(set.body()).path("variables").path("input").path("quantities").size())
                    .isLessThanOrEqualTo(250);
        }
        assertThat(shop.requests("InventoryItemsBySku")).hasSize(12);

        sendInventory(event(STORE, "WH-A", NOW.plusSeconds(1), "BULK-0", 100));
        await().atMost(Duration.ofSeconds(20)).until(() -> Integer.valueOf(100).equals(shop.available(1, "BULK-0")));
        assertThat(shop.requests("InventoryItemsBySku")).as("the item ids are cached").hasSize(12);
    }

    @Test
    void aCachedItemShopifyNoLongerHasIsLookedUpAgainAndWritten() {
        sendInventory(event(STORE, "WH-A", NOW, "TEE", 5));
        awaitInventoryCount(STORE, "WH-A", "TEE", "SYNCED");
        shop.recreateVariant("TEE");
        int lookups = shop.requests("InventoryItemsBySku").size();

        sendInventory(event(STORE, "WH-A", NOW.plusSeconds(1), "TEE", 6));

        await().atMost(Duration.ofSeconds(20)).until(() -> Integer.valueOf(6).equals(shop.available(1, "TEE")));
        assertThat(inventoryCount(STORE, "WH-A", "TEE")).containsEntry("status", "SYNCED");
        assertThat(shop.requests("InventoryItemsBySku")).hasSize(lookups + 1);
    }

    @Test
    void aNewerCountWinsAndAnOlderOneArrivingLateChangesNothing() {
        sendInventory(event(STORE, "WH-A", NOW, "TEE", 10));
        awaitInventoryCount(STORE, "WH-A", "TEE", "SYNCED");
        long intakes = routeCompleted("inventory-intake");

        sendInventory(event(STORE, "WH-A", NOW.minusSeconds(60), "TEE", 99));
        awaitRouteCompleted("inventory-intake", intakes, 1);
        sendInventory(event(STORE, "WH-A", NOW.plusSeconds(60), "MUG", 1));
        awaitInventoryCount(STORE, "WH-A", "MUG", "SYNCED");

        assertThat(shop.available(1, "TEE")).isEqualTo(10);
        assertThat(inventoryCount(STORE, "WH-A", "TEE")).containsEntry("available", 10);
    }

    @Test
    void aBurstOfUpdatesToOneSkuIsOneWriteOfTheLatest() throws Exception {
        long intakes = routeCompleted("inventory-intake");
        long writes = routeCompleted("inventory-shopify");
        camel.getRouteController().suspendRoute("inventory-shopify");
        try {
            for (int i = 1; i <= 10; i++) {
                sendInventory(event(STORE, "WH-A", NOW.plusSeconds(i), "TEE", i));
            }
            awaitRouteCompleted("inventory-intake", intakes, 10);
        } finally {
            camel.getRouteController().resumeRoute("inventory-shopify");
        }

        awaitRouteCompleted("inventory-shopify", writes, 10);
        assertThat(shop.available(1, "TEE")).isEqualTo(10);
        assertThat(shop.requests("InventorySetQuantities")).as("the first write took every count").hasSize(1);
    }

    @Test
    void severalWarehousesMappedToOneLocationWriteTheirSum() {
        mappings.put(STORE, "WH-B", "gid://shopify/Location/1");
        sendInventory(event(STORE, "WH-A", NOW, "TEE", 5));
        awaitInventoryCount(STORE, "WH-A", "TEE", "SYNCED");
        sendInventory(event(STORE, "WH-B", NOW, "TEE", 7));

        assertThat(awaitInventoryCount(STORE, "WH-B", "TEE", "SYNCED")).containsEntry("written_quantity", 12);
        assertThat(shop.available(1, "TEE")).isEqualTo(12);
    }

    @Test
    void aWarehouseLeftOutOfInventoryWritebackIsSkippedAndSaysSo() {
        mappings.excludeFromInventory(STORE, "WH-C", true);
        long intakes = routeCompleted("inventory-intake");
        sendInventory(event(STORE, "WH-C", NOW, "TEE", 4));
        awaitRouteCompleted("inventory-intake", intakes, 1);

        assertThat(inventoryCount(STORE, "WH-C", "TEE")).containsEntry("status", "SKIPPED")
                .extractingByKey("failure_reason").asString()
                .contains("Warehouse WH-C is left out of inventory writeback for store test-shopify");
        assertThat(shop.requests()).isEmpty();
    }

    @Test
    void anUnmappedWarehouseFailsSayingWhichMappingToAddThenIsWrittenOnceMapped() {
        String body = event(STORE, "WH-Z", NOW, "HAT", 6);
        sendInventory(body);

        Exchange failed = awaitInventoryFailedMessage();
        assertThat(failed.getIn().getBody(String.class)).isEqualTo(body);
        assertThat(failed.getIn().getHeader("WritebackFailureCategory")).isEqualTo("LOCATION_NOT_MAPPED");
        assertThat(failed.getIn().getHeader("storeId")).isEqualTo(STORE);
        Map<String, Object> count = inventoryCount(STORE, "WH-Z", "HAT");
        assertThat(count).containsEntry("status", "FAILED").containsEntry("tag", InventoryCounts.TAG)
                .containsEntry("failure_category", "LOCATION_NOT_MAPPED");
        assertThat((String) count.get("failure_reason"))
                .contains("PUT /api/stores/test-shopify/location-mappings/WH-Z");
        assertThat(countTimeline("WH-Z", "HAT")).containsExactly("FAILED");

        assertThat(api("PUT", "/api/stores/test-shopify/location-mappings/WH-Z", "{\"locationId\": \"2\"}")
                .statusCode()).isEqualTo(200);

        assertThat(awaitInventoryCount(STORE, "WH-Z", "HAT", "SYNCED")).containsEntry("tag", null);
        assertThat(shop.available(2, "HAT")).isEqualTo(6);
        assertThat(countTimeline("WH-Z", "HAT")).containsExactly("FAILED", "WRITTEN");
    }

    @Test
    void aSkuTheLocationDoesNotStockFailsAloneTheOthersAreWritten() {
        sendInventory(event(STORE, "WH-C", NOW, "HAT", 2, "TEE", 8));

        Exchange failed = awaitInventoryFailedMessage();
        assertThat(failed.getIn().getHeader("WritebackFailureCategory")).isEqualTo("LOCATION_NOT_STOCKED");
        assertThat(failed.getIn().getHeader("WritebackFailureReason", String.class)).startsWith("1 of 2 counts failed")
                .contains("HAT");
        assertThat(awaitInventoryCount(STORE, "WH-C", "TEE", "SYNCED")).containsEntry("written_quantity", 8);
        assertThat(inventoryCount(STORE, "WH-C", "HAT")).containsEntry("status", "FAILED")
                .containsEntry("failure_category", "LOCATION_NOT_STOCKED");
        assertThat(shop.available(3, "TEE")).isEqualTo(8);
        assertThat(shop.available(3, "HAT")).isNull();
    }

    @Test
    void aStoreWhoseWriteAnotherInstanceHoldsWaitsForItsLeaseThenIsWritten() {
        // another instance's write of the store, which died without releasing it: its lease runs out in 3 s
        jdbc.sql("INSERT INTO inventory_write_lease (store_id, holder, held_until) VALUES (?, 'dead-instance', ?)")
                .params(STORE, OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(3)).update();
        long sent = System.nanoTime();
        sendInventory(event(STORE, "WH-A", NOW, "TEE", 13));

        awaitInventoryCount(STORE, "WH-A", "TEE", "SYNCED");
        assertThat(Duration.ofNanos(System.nanoTime() - sent)).isGreaterThanOrEqualTo(Duration.ofMillis(2500));
        assertThat(shop.available(1, "TEE")).isEqualTo(13);
        // released when the write's exchange completes
        await().atMost(Duration.ofSeconds(5)).until(() -> jdbc.sql("SELECT COUNT(*) FROM inventory_write_lease")
                .query(Integer.class).single() == 0);
    }

    @Test
    void aSkuShopifyDoesNotHaveFailsAsItemsMismatch() {
        sendInventory(event(STORE, "WH-A", NOW, "NO-SUCH-SKU", 2));

        Exchange failed = awaitInventoryFailedMessage();
        assertThat(failed.getIn().getHeader("WritebackFailureCategory")).isEqualTo("ITEMS_MISMATCH");
        assertThat(failed.getIn().getHeader("WritebackFailureReason", String.class))
                .contains("no product variant of Shopify store test-shopify has SKU NO-SUCH-SKU");
    }

    @Test
    void aCartOutageIsRetriedAndTheCountWritten() {
        shop.outage(2);
        sendInventory(event(STORE, "WH-A", NOW, "TEE", 21));

        assertThat(awaitInventoryCount(STORE, "WH-A", "TEE", "SYNCED")).containsEntry("attempts", 3);
        assertThat(shop.available(1, "TEE")).isEqualTo(21);
    }

    @Test
    void aCountForAllStoresIsKeptForEachAndWrittenWhereMapped() {
        magento.createStore("test", "test-token", "ne_wh").products("TEE");
        sendInventory(event(null, "WH-A", NOW, "TEE", 9));

        awaitInventoryCount(STORE, "WH-A", "TEE", "SYNCED");
        awaitInventoryCount("test-magento", "WH-A", "TEE", "SYNCED");
        assertThat(shop.available(1, "TEE")).isEqualTo(9);
    }

    @Test
    void aMalformedEventGoesToTheFailedQueueUntouchedWithTheReason() {
        String body = "{\"storeId\": \"test-shopify\", \"warehouseId\": \"WH-A\", \"countedAt\": \"yesterday\","
                + " \"quantities\": [{\"sku\": \"TEE\", \"available\": 1}]}";
        sendInventory(body);

        Exchange failed = awaitInventoryFailedMessage();
        assertThat(failed.getIn().getBody(String.class)).isEqualTo(body);
        assertThat(failed.getIn().getHeader("WritebackFailureCategory")).isEqualTo("INVALID_MESSAGE");
        assertThat(failed.getIn().getHeader("WritebackFailureReason", String.class)).contains("'countedAt'");
        assertThat(failed.getIn().getHeader("storeId")).isEqualTo(STORE);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM inventory_count").query(Integer.class).single()).isZero();
    }

    @Test
    void anEventForAStoreNotConfiguredIsUnknownStore() {
        sendInventory(event("nowhere", "WH-A", NOW, "TEE", 1));

        Exchange failed = awaitInventoryFailedMessage();
        assertThat(failed.getIn().getHeader("WritebackFailureCategory")).isEqualTo("UNKNOWN_STORE");
    }

    private List<String> countTimeline(String warehouseId, String sku) {
        return new ArrayList<>(jdbc.sql("SELECT event FROM inventory_timeline WHERE store_id = ? AND warehouse_id = ?"
                        + " AND sku = ? ORDER BY id").params(STORE, warehouseId, sku).query(String.class).list());
    }
}
