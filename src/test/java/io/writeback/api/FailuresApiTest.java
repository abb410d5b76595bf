package io.writeback.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.writeback.TestEvent;
import io.writeback.WritebackTestSupport;
import org.junit.jupiter.api.Test;

/** GET /api/failures: what failed, grouped by what fixes it. */
class FailuresApiTest extends WritebackTestSupport {

    @Test
    void failuresAreGroupedByCauseBiggestFirstEachWithItsFix() throws Exception {
        send(TestEvent.shopify("SHP-F1").with("warehouseId", "WH-B"));
        send(TestEvent.shopifyOrder("SHP-F2", "1002", "21", 1).with("warehouseId", "WH-B"));
        send(TestEvent.shopify("SHP-F3").with("storeId", "test-shopify-revoked").with("orderNumber", "R-1001"));
        awaitShipment("SHP-F1", "FAILED");
        awaitShipment("SHP-F2", "FAILED");
        awaitShipment("SHP-F3", "FAILED");

        JsonNode causes = apiGet("/api/failures");

        assertThat(causes.size()).isEqualTo(2);
        JsonNode notMapped = causes.get(0);
        assertThat(notMapped.path("category").asText()).isEqualTo("LOCATION_NOT_MAPPED");
        assertThat(notMapped.path("storeId").asText()).isEqualTo("test-shopify");
        assertThat(notMapped.path("warehouseId").asText()).isEqualTo("WH-B");
        assertThat(notMapped.path("orders").asLong()).isEqualTo(2);
        assertThat(notMapped.path("shipments").asLong()).isEqualTo(2);
        assertThat(notMapped.path("exampleOrderNumber").asText()).isEqualTo("1001");
        assertThat(notMapped.path("fix").asText()).contains("PUT /api/stores/test-shopify/location-mappings/WH-B");
        JsonNode auth = causes.get(1);
        assertThat(auth.path("category").asText()).isEqualTo("AUTH_FAILED");
        assertThat(auth.path("storeId").asText()).isEqualTo("test-shopify-revoked");
        assertThat(auth.path("orders").asLong()).isEqualTo(1);
        assertThat(auth.path("exampleReason").asText()).contains("refused our credentials");
        assertThat(auth.path("fix").asText()).contains("writeback.stores.test-shopify-revoked");

        JsonNode oneStore = apiGet("/api/failures?storeId=test-shopify-revoked");
        assertThat(oneStore.size()).isEqualTo(1);
        assertThat(oneStore.get(0).path("category").asText()).isEqualTo("AUTH_FAILED");
        assertThat(apiAs("viewer:writeback-viewer", "GET", "/api/failures", null).statusCode()).isEqualTo(200);
    }

    @Test
    void ordersFilterByFailureCategoryOrderNumberAndDay() throws Exception {
        send(TestEvent.shopify("SHP-F4").with("warehouseId", "WH-B"));
        send(TestEvent.shopifyOrder("SHP-F5", "1002", "21", 1));
        awaitShipment("SHP-F4", "FAILED");
        awaitShipment("SHP-F5", "SYNCED");
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();

        assertThat(apiGet("/api/orders?category=LOCATION_NOT_MAPPED").path("items")).singleElement()
                .satisfies(o -> assertThat(o.path("orderNumber").asText()).isEqualTo("1001"));
        assertThat(apiGet("/api/orders?orderNumber=100").path("total").asInt()).isEqualTo(2);
        assertThat(apiGet("/api/orders?orderNumber=1002").path("total").asInt()).isEqualTo(1);
        assertThat(apiGet("/api/orders?orderNumber=%25").path("total").asInt()).as("% is a character").isZero();
        assertThat(apiGet("/api/orders?updatedFrom=" + today + "&updatedTo=" + today).path("total").asInt())
                .isEqualTo(2);
        assertThat(apiGet("/api/orders?updatedTo=2000-01-01").path("total").asInt()).isZero();
        for (String[] bad : new String[][] {{"category=NOPE", "category"}, {"updatedFrom=2026-13-01", "updatedFrom"}}) {
            var response = api("GET", "/api/orders?" + bad[0], null);
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(response.body()).path("field").asText()).isEqualTo(bad[1]);
        }
    }

    @Test
    void anUnknownChannelIsA400NamingIt() throws Exception {
        var response = api("GET", "/api/failures?channel=ebay", null);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("field").asText()).isEqualTo("channel");
    }
}
