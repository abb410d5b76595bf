package io.writeback.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.writeback.TestEvent;
import io.writeback.WritebackTestSupport;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The REST API over real HTTP with Basic auth: answers, filters, 400s naming the field, 401, 404. */
class ApiTest extends WritebackTestSupport {

    @Test
    void withoutValidCredentialsTheAnswerIs401() throws Exception {
        assertThat(apiAs(null, "GET", "/api/orders", null).statusCode()).isEqualTo(401);
        HttpResponse<String> wrong = apiAs("ops:wrong", "GET", "/api/orders", null);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(wrong.body()).path("message").asText()).contains("credentials");
    }

    @Test
    void aClientThatKeepsFailingToLogInIsThrottledBeforeAnyPasswordIsChecked() throws Exception {
        // from another loopback address: a client of its own, whose failures leave the other tests' allowance alone
        for (int i = 0; i < 10; i++) {
            assertThat(from("127.0.0.2", "ops:guess-" + i)).startsWith("HTTP/1.1 401");
        }

        String throttled = from("127.0.0.2", "ops:writeback");
        assertThat(throttled).startsWith("HTTP/1.1 429").contains("Retry-After: ", "Too many failed logins");
        assertThat(from("127.0.0.1", "ops:writeback")).startsWith("HTTP/1.1 200");
    }

    /** GET /api/orders over a connection from {@code address}, as the whole answer (status line, headers, body). */
    private String from(String address, String credentials) throws Exception {
        try (java.net.Socket socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port,
                java.net.InetAddress.getByName(address), 0)) {
            socket.getOutputStream().write(("GET /api/orders?limit=1 HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Basic " + java.util.Base64.getEncoder().encodeToString(credentials.getBytes(
                            java.nio.charset.StandardCharsets.UTF_8)) + "\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void aChangeAPageOfAnotherSiteAsksABrowserToMakeIsRefused() throws Exception {
        for (String[] header : new String[][] {{"Origin", "https://evil.example"}, {"Sec-Fetch-Site", "cross-site"}}) {
            HttpResponse<String> refused = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port
                                    + "/api/stores/test-shopify/location-mappings/WH-B"))
                            .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                                    "ops:writeback".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                            .header("Content-Type", "application/json").header(header[0], header[1])
                            .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"locationId\": \"2\"}"))
                            .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).as(header[0]).isEqualTo(403);
        }
        assertThat(apiGet("/api/stores/test-shopify/location-mappings").has("WH-B")).isFalse();
    }

    @Test
    void aFailureInsideTheAppIsA500WithAClearBodyNotALoginPrompt() throws Exception {
        jdbc.sql("ALTER TABLE order_tag RENAME TO order_tag_hidden").update();
        try {
            HttpResponse<String> failed = api("GET", "/api/orders?tag=x", null);
            assertThat(failed.statusCode()).isEqualTo(500);
            assertThat(JSON.readTree(failed.body()).path("message").asText())
                    .isEqualTo("The request failed inside the app; the app's log has the details");
        } finally {
            jdbc.sql("ALTER TABLE order_tag_hidden RENAME TO order_tag").update();
        }
        assertThat(api("DELETE", "/api/orders", null).statusCode()).isEqualTo(405);
    }

    @Test
    void theReadOnlyUserMayReadButNotChangeAnything() throws Exception {
        assertThat(apiAs("viewer:writeback-viewer", "GET", "/api/orders", null).statusCode()).isEqualTo(200);
        assertThat(apiAs("viewer:writeback-viewer", "GET", "/api/stores/test-shopify/location-mappings", null)
                .statusCode()).isEqualTo(200);

        HttpResponse<String> put = apiAs("viewer:writeback-viewer", "PUT",
                "/api/stores/test-shopify/location-mappings/WH-B", "{\"locationId\": \"1\"}");
        assertThat(put.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(put.body()).path("message").asText()).contains("may only read");
        assertThat(apiAs("viewer:writeback-viewer", "POST", "/api/retries", "{\"tag\": \"x\"}").statusCode())
                .isEqualTo(403);
        assertThat(apiGet("/api/stores/test-shopify/location-mappings").has("WH-B")).isFalse();
    }

    @Test
    void listsOrdersByTagAndStatusWithTheirLastFailure() throws Exception {
        send(TestEvent.shopify("SHP-1"));
        send(TestEvent.shopifyOrder("SHP-2", "1002", "21", 1).with("warehouseId", "WH-B"));
        awaitShipment("SHP-1", "SYNCED");
        awaitShipment("SHP-2", "FAILED");

        JsonNode failed = apiGet("/api/orders?tag=Failed%20Shipment%20Notification");
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

        assertThat(apiGet("/api/orders?status=SYNCED").path("items").get(0).path("orderNumber").asText())
                .isEqualTo("1001");
        assertThat(apiGet("/api/orders?channel=shopify&storeId=test-shopify").path("total").asInt()).isEqualTo(2);
        JsonNode page = apiGet("/api/orders?limit=1&offset=1");
        assertThat(page.path("total").asInt()).isEqualTo(2);
        assertThat(page.path("items").size()).isEqualTo(1);
    }

    @Test
    void oneOrderShowsShipmentsAndTimeline() throws Exception {
        send(TestEvent.shopify("SHP-1"));
        awaitShipment("SHP-1", "SYNCED");

        JsonNode order = apiGet("/api/orders/1001");
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

        assertThat(api("GET", "/api/orders/9999", null).statusCode()).isEqualTo(404);
    }

    @Test
    void badQueryParametersAre400NamingTheField() throws Exception {
        assertBadRequest(api("GET", "/api/orders?limit=0", null), "limit");
        assertBadRequest(api("GET", "/api/orders?limit=501", null), "limit");
        assertBadRequest(api("GET", "/api/orders?limit=ten", null), "limit");
        assertBadRequest(api("GET", "/api/orders?offset=-1", null), "offset");
        assertBadRequest(api("GET", "/api/orders?status=BROKEN", null), "status");
        assertBadRequest(api("GET", "/api/orders?channel=ebay", null), "channel");
    }

    @Test
    void storesNeverShowTheirSecrets() throws Exception {
        HttpResponse<String> stores = api("GET", "/api/stores", null);
        assertThat(stores.statusCode()).isEqualTo(200);
        assertThat(stores.body()).contains("\"storeId\":\"test-shopify\"", "\"apiVersion\":\"2025-01\"",
                        "\"marketplaceId\":\"ATVPDKIKX0DER\"", "\"storeHash\":\"test\"")
                .doesNotContain("test-token", "revoked-token", "sandbox-token", "test-secret", "Atzr|", "cs_test",
                        "TESTENCRYPTEDPASSWORD", "ck_test");
    }

    @Test
    void locationMappingsCanBeReadChangedAndDeleted() throws Exception {
        assertThat(apiGet("/api/stores/test-shopify/location-mappings").path("WH-A").asText())
                .isEqualTo("gid://shopify/Location/1");

        HttpResponse<String> put = api("PUT", "/api/stores/test-shopify/location-mappings/WH-B",
                "{\"locationId\": \"2\"}");
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(put.body()).path("locationId").asText()).isEqualTo("gid://shopify/Location/2");
        assertThat(apiGet("/api/stores/test-shopify/location-mappings").path("WH-B").asText())
                .isEqualTo("gid://shopify/Location/2");

        assertThat(api("DELETE", "/api/stores/test-shopify/location-mappings/WH-B", null)
                .statusCode()).isEqualTo(204);
        assertThat(apiGet("/api/stores/test-shopify/location-mappings").has("WH-B")).isFalse();
        assertThat(api("DELETE", "/api/stores/test-shopify/location-mappings/WH-B", null)
                .statusCode()).isEqualTo(404);
        assertThat(api("GET", "/api/stores/nobody/location-mappings", null).statusCode())
                .isEqualTo(404);
    }

    @Test
    void badMappingChangesAre400NamingTheFieldAndChangeNothing() throws Exception {
        String path = "/api/stores/test-shopify/location-mappings/WH-A";
        assertBadRequest(api("PUT", path, "{}"), "locationId");
        assertBadRequest(api("PUT", path, "{\"locationId\": \"Main Warehouse\"}"), "locationId");
        assertBadRequest(api("PUT", path, "{\"locationId\": 7}"), "locationId");
        assertBadRequest(api("PUT", path, "not json"), "body");
        assertThat(apiGet("/api/stores/test-shopify/location-mappings").path("WH-A").asText())
                .isEqualTo("gid://shopify/Location/1");
    }

    @Test
    void aMappingAddedThroughTheApiIsUsedByTheNextWriteback() throws Exception {
        api("PUT", "/api/stores/test-shopify/location-mappings/WH-B", "{\"locationId\": \"1\"}");
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

}
