package io.writeback.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.writeback.TestEvent;
import io.writeback.TestInventory;
import io.writeback.WritebackTestSupport;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What /actuator/prometheus shows of the writeback, read as Prometheus reads it. */
class MetricsTest extends WritebackTestSupport {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)$");

    @Test
    void metricsAreForTheApiUsers() {
        assertThat(apiAs(null, "GET", "/actuator/prometheus", null).statusCode()).isEqualTo(401);
        assertThat(apiAs("viewer:writeback-viewer", "GET", "/actuator/prometheus", null).statusCode()).isEqualTo(200);
    }

    @Test
    void aSyncIsCountedAndItsCartCallsTimed() {
        double synced = value("writeback_outcomes_total", Map.of("store", "test-shopify", "outcome", "synced"));
        double calls = value("writeback_cart_calls_seconds_count", Map.of("store", "test-shopify", "status", "200"));

        send(TestEvent.shopify("SHP-M1"));
        awaitShipment("SHP-M1", "SYNCED");

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(value("writeback_outcomes_total", Map.of("store", "test-shopify", "outcome", "synced")))
                    .isEqualTo(synced + 1);
            // read the order, then fulfill
            assertThat(value("writeback_cart_calls_seconds_count", Map.of("store", "test-shopify",
                    "status", "200"))).isEqualTo(calls + 2);
        });
        assertThat(value("camel_exchanges_total", Map.of("routeId", "cart-http-shopify"))).isPositive();
        assertThat(value("camel_route_policy_seconds_count", Map.of("routeId", "cart-http-shopify"))).isPositive();
    }

    @Test
    void aFailureMovesItsCounterAndTheStoresOldestFailureAge() {
        Map<String, String> notMapped = Map.of("store", "test-shopify", "category", "LOCATION_NOT_MAPPED");
        double failures = value("writeback_failures_total", notMapped);

        send(TestEvent.shopify("SHP-M2").with("warehouseId", "WH-B"));
        awaitShipment("SHP-M2", "FAILED");

        await().atMost(Duration.ofSeconds(5))
                .until(() -> value("writeback_failures_total", notMapped) == failures + 1);
        // the gauge reads the ledger at most every 10 s, and counts whole seconds
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500)).until(() ->
                value("writeback_oldest_failure_age_seconds", Map.of("store", "test-shopify")) >= 1);
        assertThat(value("writeback_shipments", Map.of("channel", "shopify", "status", "FAILED"))).isPositive();
    }

    @Test
    void inventoryCountsAreCountedByOutcomeAndTheFailedOnesGauged() {
        Map<String, String> written = Map.of("store", "test-shopify", "outcome", "written");
        Map<String, String> unmapped = Map.of("store", "test-shopify", "outcome", "failed",
                "category", "LOCATION_NOT_MAPPED");
        double writtenBefore = value("writeback_inventory_counts_total", written);
        double unmappedBefore = value("writeback_inventory_counts_total", unmapped);

        sendInventory(TestInventory.event("test-shopify", "WH-A", Instant.now(), "TEE", 2, "MUG", 1));
        sendInventory(TestInventory.event("test-shopify", "WH-B", Instant.now(), "TEE", 2));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(value("writeback_inventory_counts_total", written)).isEqualTo(writtenBefore + 2);
            assertThat(value("writeback_inventory_counts_total", unmapped)).isEqualTo(unmappedBefore + 1);
        });
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500)).until(() ->
                value("writeback_inventory_failed", Map.of("store", "test-shopify")) == 1);
    }

    @Test
    void aStoreOrChannelAProducerMadeUpIsCountedAsUnknown() {
        Map<String, String> unknown = Map.of("store", "unknown", "category", "UNKNOWN_STORE");
        double failures = value("writeback_failures_total", unknown);

        send(TestEvent.shopify("SHP-M3").with("storeId", "made-up-store-4711"));
        awaitFailedMessage();

        await().atMost(Duration.ofSeconds(5)).until(() -> value("writeback_failures_total", unknown) == failures + 1);
        assertThat(scrape()).doesNotContain("made-up-store-4711");
    }

    @Test
    void everyMetricTheAlertRulesReadIsExported() throws Exception {
        shop.rateLimit(1);
        send(TestEvent.shopify("SHP-M4"));
        send(TestEvent.shopify("SHP-M5").with("warehouseId", "WH-B"));
        awaitShipment("SHP-M4", "SYNCED");
        awaitShipment("SHP-M5", "FAILED");

        JsonNode rules = new ObjectMapper(new YAMLFactory())
                .readTree(Path.of("config/prometheus/writeback-alerts.yml").toFile());
        Set<String> read = new TreeSet<>();
        for (JsonNode rule : rules.path("groups").get(0).path("rules")) {
            Matcher metric = Pattern.compile("\\b(writeback_[a-z_]+)").matcher(rule.path("expr").asText());
            while (metric.find()) {
                read.add(metric.group(1));
            }
        }
        assertThat(read).hasSizeGreaterThanOrEqualTo(5);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            String scrape = scrape();
            for (String metric : read) {
                assertThat(scrape).as(metric).containsPattern("(?m)^" + metric + "\\{");
            }
        });
    }

    private String scrape() {
        HttpResponse<String> response = api("GET", "/actuator/prometheus", null);
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** The sum of the samples of {@code metric} whose labels include {@code labels}. */
    private double value(String metric, Map<String, String> labels) {
        double sum = 0;
        for (String line : scrape().split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (sample.matches() && sample.group(1).equals(metric) && labels.entrySet().stream()
                    .allMatch(l -> sample.group(3) != null
                            && sample.group(3).contains(l.getKey() + "=\"" + l.getValue() + "\""))) {
                sum += Double.parseDouble(sample.group(4));
            }
        }
        return sum;
    }
}
