package io.writeback.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.writeback.TestEvent;
import io.writeback.WritebackTestSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/** The REST API over real HTTP with Basic auth: answers, filters, 400s naming the field, 401, 404. */
class ApiTest extends WritebackTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Value("${server.port}")
    int port;

    @Test
    void withoutValidCredentialsTheAnswerIs401() throws Exception {
        assertThat(call("GET", "/api/orders", null, null).statusCode()).isEqualTo(401);
        HttpResponse<String> wrong = call("GET", "/api/orders", null, "ops:wrong");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(wrong.body()).path("message").asText()).contains("credentials");
    }

    @Test
    void listsOrdersByTagAndStatusWithTheirLastFailure() throws Exception {
        send(TestEvent.shopify("SHP-1"));
        send(TestEvent.shopifyOrder("SHP-2", "1002", "21", 1).with("warehouseId", "WH-B"));
        awaitShipment("SHP-1", "SYNCED");
        awaitShipment("SHP-2", "FAILED");

        JsonNode failed = get("/api/orders?tag=Failed Shipment Notification");
        assertThat(failed.path("total").asInt()).isEqualTo(1);
        assertThat(failed.path("limit").asInt()).isEqualTo(50);
        JsonNode order = failed.path("items").get(0);
        assertThat(order.path("orderNumber").asText()).isEqualTo("1002");
        assertThat(order.path("status").asText()).isEqualTo("FAILED");
        assertThat(order.path("channel").asText()).isEqualTo("shopify");
        assertThat(order.path("storeId").asText()).isEqualTo("test-shopify");
        assertThat(order.path("tags").get(0).asText()).isEqualTo(FAILED_TAG);
        assertThat(order.path("lastFailure").path("category").asText()).isEqualTo("LOCATION_NOT_MAPPED");
        assertThat(order.path("attempts").asInt()).isZero();

        assertThat(get("/api/orders?status=SYNCED").path("items").get(0).path("orderNumber").asText())
                .isEqualTo("1001");
        assertThat(get("/api/orders?channel=shopify&storeId=test-shopify").path("total").asInt()).isEqualTo(2);
        JsonNode page = get("/api/orders?limit=1&offset=1");
        assertThat(page.path("total").asInt()).isEqualTo(2);
        assertThat(page.path("items").size()).isEqualTo(1);
    }

    @Test
    void oneOrderShowsShipmentsAndTimeline() throws Exception {
        send(TestEvent.shopify("SHP-1"));
        awaitShipment("SHP-1", "SYNCED");

        JsonNode order = get("/api/orders/1001");
        JsonNode shipment = order.path("shipments").get(0);
        assertThat(shipment.path("shipmentId").asText()).isEqualTo("SHP-1");
        assertThat(shipment.path("trackingNumber").asText()).isEqualTo("1Z5R89390357567127");
        assertThat(shipment.path("carrier").asText()).isEqualTo("ups");
        assertThat(shipment.path("status").asText()).isEqualTo("SYNCED");
        assertThat(shipment.path("attempts").asInt()).isEqualTo(1);
        assertThat(shipment.path("syncedAt").isNull()).isFalse();
        assertThat(shipment.path("channelReference").asText()).startsWith("gid://shopify/Fulfillment/");
        assertThat(order.path("timeline").findValuesAsText("event")).containsExactly("RECEIVED", "SYNCED");
        assertThat(order.path("timeline").get(1).path("message").asText()).contains("written back to Shopify");

        assertThat(call("GET", "/api/orders/9999", null, "ops:writeback").statusCode()).isEqualTo(404);
    }

    @Test
    void badQueryParametersAre400NamingTheField() throws Exception {
        assertBadRequest(call("GET", "/api/orders?limit=0", null, "ops:writeback"), "limit");
        assertBadRequest(call("GET", "/api/orders?limit=501", null, "ops:writeback"), "limit");
        assertBadRequest(call("GET", "/api/orders?limit=ten", null, "ops:writeback"), "limit");
        assertBadRequest(call("GET", "/api/orders?offset=-1", null, "ops:writeback"), "offset");
        assertBadRequest(call("GET", "/api/orders?status=BROKEN", null, "ops:writeback"), "status");
        assertBadRequest(call("GET", "/api/orders?channel=ebay", null, "ops:writeback"), "channel");
    }

    @Test
    void storesNeverShowTheirSecrets() throws Exception {
        HttpResponse<String> stores = call("GET", "/api/stores", null, "ops:writeback");
        assertThat(stores.statusCode()).isEqualTo(200);
        assertThat(stores.body()).contains("\"storeId\":\"test-shopify\"", "\"apiVersion\":\"2025-01\"",
                        "\"marketplaceId\":\"ATVPDKIKX0DER\"", "\"storeHash\":\"test\"")
                .doesNotContain("test-token", "revoked-token", "sandbox-token", "test-secret", "Atzr|", "cs_test",
                        "TESTENCRYPTEDPASSWORD", "ck_test");
    }

    @Test
    void locationMappingsCanBeReadChangedAndDeleted() throws Exception {
        assertThat(get("/api/stores/test-shopify/location-mappings").path("WH-A").asText())
                .isEqualTo("gid://shopify/Location/1");

        HttpResponse<String> put = call("PUT", "/api/stores/test-shopify/location-mappings/WH-B",
                "{\"locationId\": \"2\"}", "ops:writeback");
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(put.body()).path("locationId").asText()).isEqualTo("gid://shopify/Location/2");
        assertThat(get("/api/stores/test-shopify/location-mappings").path("WH-B").asText())
                .isEqualTo("gid://shopify/Location/2");

        assertThat(call("DELETE", "/api/stores/test-shopify/location-mappings/WH-B", null, "ops:writeback")
                .statusCode()).isEqualTo(204);
        assertThat(get("/api/stores/test-shopify/location-mappings").has("WH-B")).isFalse();
        assertThat(call("DELETE", "/api/stores/test-shopify/location-mappings/WH-B", null, "ops:writeback")
                .statusCode()).isEqualTo(404);
        assertThat(call("GET", "/api/stores/nobody/location-mappings", null, "ops:writeback").statusCode())
                .isEqualTo(404);
    }

    @Test
    void badMappingChangesAre400NamingTheFieldAndChangeNothing() throws Exception {
        String path = "/api/stores/test-shopify/location-mappings/WH-A";
        assertBadRequest(call("PUT", path, "{}", "ops:writeback"), "locationId");
        assertBadRequest(call("PUT", path, "{\"locationId\": \"Main Warehouse\"}", "ops:writeback"), "locationId");
        assertBadRequest(call("PUT", path, "{\"locationId\": 7}", "ops:writeback"), "locationId");
        assertBadRequest(call("PUT", path, "not json", "ops:writeback"), "body");
        assertThat(get("/api/stores/test-shopify/location-mappings").path("WH-A").asText())
                .isEqualTo("gid://shopify/Location/1");
    }

    @Test
    void aMappingAddedThroughTheApiIsUsedByTheNextWriteback() throws Exception {
        call("PUT", "/api/stores/test-shopify/location-mappings/WH-B", "{\"locationId\": \"1\"}", "ops:writeback");
        send(TestEvent.shopify("SHP-1").with("warehouseId", "WH-B"));

        awaitShipment("SHP-1", "SYNCED");
        assertThat(shop.fulfillments(1001).get(0).locationId()).isEqualTo(1L);
    }

    private void assertBadRequest(HttpResponse<String> response, String field) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.path("field").asText()).isEqualTo(field);
        assertThat(error.path("message").asText()).isNotBlank();
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = call("GET", path, null, "ops:writeback");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> call(String method, String path, String body, String credentials) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + path.replace(" ", "%20")))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (credentials != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
