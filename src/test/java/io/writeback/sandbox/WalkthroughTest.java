package io.writeback.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.writeback.WritebackTestSupport;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's walkthrough, step by step, against the demo sandbox stores: drop every sample, see each channel
 * synced and each seed failure tagged with its reason, add the missing mapping, retry, synced.
 */
class WalkthroughTest extends WritebackTestSupport {

    @Test
    void theReadmeWalkthroughShowsEveryChannelSyncedAndEverySeedFailureWithItsReason() throws Exception {
        assertThat(api("POST", "/api/sandbox/reset", null).statusCode()).isEqualTo(200);
        // step: an outage of the Magento sandbox that heals within the redeliveries
        assertThat(api("PUT", "/api/sandbox/magento/demo/faults", "{\"outage\": 2}").statusCode()).isEqualTo(200);

        // step: drop every sample
        List<Path> samples;
        try (Stream<Path> files = Files.list(Path.of("samples"))) {
            samples = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        for (Path sample : samples) {
            send(Files.readString(sample));
        }

        // step: every order ends as the README says
        Map<String, String> expected = new LinkedHashMap<>();
        for (String synced : List.of("1001", "1002", "2001", "2002", "3001", "4001", "4002", "5001", "6001")) {
            expected.put(synced, "SYNCED");
        }
        expected.put("1003", "LOCATION_NOT_STOCKED");
        expected.put("1004", "ALREADY_SHIPPED");
        expected.put("1005", "LOCATION_NOT_MAPPED");
        expected.put("1006", "ITEMS_MISMATCH");
        expected.put("3002", "MISSING_TRACKING");
        expected.put("5002", "INVALID_TRACKING");
        assertThat(samples).hasSize(expected.size());
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(outcomes()).isEqualTo(expected));

        JsonNode tagged = apiGet("/api/orders?tag=Failed%20Shipment%20Notification");
        assertThat(tagged.path("total").asInt()).isEqualTo(6);
        assertThat(apiGet("/api/orders/1005").path("lastFailure").path("reason").asText())
                .startsWith("Warehouse WH-B is not mapped to a Shopify location for store sandbox-shopify");

        // step: add the missing mapping, retry, synced
        HttpResponse<String> mapped = api("PUT", "/api/stores/sandbox-shopify/location-mappings/WH-B",
                "{\"locationId\": \"gid://shopify/Location/1\"}");
        assertThat(JSON.readTree(mapped.body()).path("retriesScheduled").asInt()).isEqualTo(1);
        HttpResponse<String> retry = api("POST", "/api/orders/1005/retry", null);
        assertThat(retry.statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(20))
                .until(() -> "SYNCED".equals(apiGet("/api/orders/1005").path("status").asText()));
        JsonNode order = apiGet("/api/orders/1005");
        assertThat(order.path("tags")).isEmpty();
        assertThat(order.path("timeline").findValuesAsText("event")).containsSubsequence("FAILED", "TAG_ADDED",
                "RETRY_SCHEDULED", "RETRY_QUEUED", "RECEIVED", "SYNCED", "TAG_REMOVED");

        // step: inventory: every count sample on inventory.inbound
        List<Path> counts;
        try (Stream<Path> files = Files.list(Path.of("samples", "inventory"))) {
            counts = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        for (Path sample : counts) {
            sendInventory(Files.readString(sample));
        }
        String tee = "TEE-RED-M";
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(sandbox.account("demo").available(1, tee)).isEqualTo(40);
            assertThat(amazon.account("demo").quantity(tee)).isEqualTo(40);
            assertThat(bigcommerce.account("sandbox").level(1, tee)).isEqualTo(40);
            assertThat(magento.account("demo").quantity("ne_wh", tee)).isEqualTo(40.0);
            assertThat(woocommerce.account("demo").stock(tee)).isEqualTo(45);
            assertThat(volusion.account("demo").stock(tee)).isEqualTo(40);
            assertThat(sandbox.account("demo").available(3, tee)).isEqualTo(9);
            assertThat(inventoryCount("sandbox-shopify", "WH-C", "POSTER-XL"))
                    .containsEntry("failure_category", "LOCATION_NOT_STOCKED");
            assertThat(inventoryCount("sandbox-shopify", "WH-D", "HAT-BLUE"))
                    .containsEntry("failure_category", "LOCATION_NOT_MAPPED");
        });
        JsonNode sum = apiGet("/api/stores/sandbox-woocommerce/inventory?warehouseId=WH-B");
        assertThat(sum.findValuesAsText("writtenQuantity")).contains("45");
        JsonNode causes = apiGet("/api/inventory/failures?storeId=sandbox-shopify");
        assertThat(causes.findValuesAsText("category")).containsExactlyInAnyOrder("LOCATION_NOT_MAPPED",
                "LOCATION_NOT_STOCKED");

        // step: map WH-D, its counts are written at once
        HttpResponse<String> mappedD = api("PUT", "/api/stores/sandbox-shopify/location-mappings/WH-D",
                "{\"locationId\": \"gid://shopify/Location/2\"}");
        assertThat(JSON.readTree(mappedD.body()).path("inventoryCountsRequeued").asInt()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(20)).until(() -> Integer.valueOf(4).equals(
                sandbox.account("demo").available(2, "HAT-BLUE")));
        assertThat(sandbox.account("demo").available(2, tee)).isEqualTo(15);
    }

    /** Order number → SYNCED, or the category of its last failure. */
    private Map<String, String> outcomes() throws Exception {
        Map<String, String> outcomes = new LinkedHashMap<>();
        for (JsonNode order : apiGet("/api/orders?limit=100").path("items")) {
            outcomes.put(order.path("orderNumber").asText(), order.path("status").asText().equals("FAILED")
                    ? order.path("lastFailure").path("category").asText() : order.path("status").asText());
        }
        return outcomes.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .collect(LinkedHashMap::new, (m, e) -> m.put(e.getKey(), e.getValue()), Map::putAll);
    }

}
