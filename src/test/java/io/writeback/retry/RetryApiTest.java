package io.writeback.retry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.writeback.TestEvent;
import io.writeback.WritebackTestSupport;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Manual retry through the REST API: the 409/202/400 rules, bulk counts, and that a retry never writes twice. */
class RetryApiTest extends WritebackTestSupport {

    @Test
    void taggedOrderIsRetriedAfterTheCauseIsFixedAndEndsSynced() throws Exception {
        send(TestEvent.shopify("SHP-1").with("warehouseId", "WH-B"));
        awaitShipment("SHP-1", "FAILED");
        jdbc.sql("INSERT INTO location_mapping (store_id, warehouse_id, location_id, updated_at)"
                + " VALUES ('test-shopify', 'WH-B', 'gid://shopify/Location/1', CURRENT_TIMESTAMP)").update();

        HttpResponse<String> retry = api("POST", "/api/orders/1001/retry", null);

        assertThat(retry.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(retry.body())).isEqualTo(JSON.readTree("{\"queued\": 1, \"skipped\": []}"));
        awaitShipment("SHP-1", "SYNCED");
        awaitTagRemoved("1001");
        assertThat(jdbc.sql("SELECT message FROM order_timeline WHERE order_number = '1001' AND event = 'RETRY_QUEUED'")
                .query(String.class).single()).isEqualTo("Retry of shipment SHP-1 queued by the REST API (user ops)");
        assertThat(jdbc.sql("SELECT message FROM order_timeline WHERE order_number = '1001' AND event = 'RECEIVED'"
                + " ORDER BY id").query(String.class).list().get(1)).contains("sent again by the REST API");
    }

    @Test
    void untaggedOrderNeedsConfirmationAndAnswers409SayingWhy() throws Exception {
        send(TestEvent.shopify("SHP-2"));
        awaitShipment("SHP-2", "SYNCED");

        HttpResponse<String> refused = api("POST", "/api/orders/1001/retry", "{}");

        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(refused.body()).path("message").asText())
                .contains("is not tagged 'Failed Shipment Notification'", "{\"confirm\": true}");
        assertThat(shop.requests("FulfillmentCreate")).hasSize(1);
    }

    @Test
    void confirmedResendOfASyncedShipmentWithTheSameTrackingWritesNothing() throws Exception {
        send(TestEvent.shopify("SHP-3"));
        awaitShipment("SHP-3", "SYNCED");
        int requestsBefore = shop.requests().size();

        HttpResponse<String> resend = api("POST", "/api/orders/1001/retry", "{\"confirm\": true}");

        assertThat(resend.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(resend.body()).path("queued").asInt()).isEqualTo(1);
        awaitTimeline("1001", "RETRY_QUEUED");
        org.awaitility.Awaitility.await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(5))
                .until(() -> shop.requests().size() == requestsBefore);
        assertThat(shop.fulfillments(1001)).hasSize(1);
        assertThat(shipment("SHP-3")).containsEntry("status", "SYNCED");
    }

    @Test
    void bulkRetryByOrderNumbersQueuesTaggedOrdersAndSaysWhyOthersWereSkipped() throws Exception {
        send(TestEvent.shopify("SHP-4").with("warehouseId", "WH-B"));
        send(TestEvent.shopifyOrder("SHP-5", "1002", "21", 1).with("warehouseId", "WH-B"));
        send(TestEvent.shopifyOrder("SHP-6", "1003", "31", 1));
        awaitShipment("SHP-4", "FAILED");
        awaitShipment("SHP-5", "FAILED");
        awaitShipment("SHP-6", "SYNCED");

        HttpResponse<String> bulk = api("POST", "/api/retries", "{\"orderNumbers\": [\"1001\", \"1002\", \"1003\", \"nope\"]}");

        assertThat(bulk.statusCode()).isEqualTo(202);
        JsonNode outcome = JSON.readTree(bulk.body());
        assertThat(outcome.path("queued").asInt()).isEqualTo(2);
        assertThat(outcome.path("skipped").findValuesAsText("orderNumber")).containsExactly("1003", "nope");
        assertThat(outcome.path("skipped").get(0).path("reason").asText()).contains("not tagged");
        assertThat(outcome.path("skipped").get(1).path("reason").asText()).contains("unknown order");
    }

    @Test
    void bulkRetryByTagChannelAndStore() throws Exception {
        send(TestEvent.shopify("SHP-7").with("warehouseId", "WH-B"));
        send(TestEvent.shopifyOrder("SHP-8", "1002", "21", 1).with("warehouseId", "WH-B"));
        awaitShipment("SHP-7", "FAILED");
        awaitShipment("SHP-8", "FAILED");

        JsonNode byStore = JSON.readTree(api("POST", "/api/retries", "{\"tag\": \"Failed Shipment Notification\","
                + " \"channel\": \"shopify\", \"storeId\": \"test-shopify\"}").body());
        JsonNode otherStore = JSON.readTree(api("POST", "/api/retries", "{\"tag\": \"Failed Shipment Notification\","
                + " \"storeId\": \"test-bigcommerce\"}").body());

        assertThat(byStore.path("queued").asInt()).isEqualTo(2);
        assertThat(otherStore.path("queued").asInt()).isZero();
    }

    @Test
    void badRetryRequestsAre400NamingTheField() throws Exception {
        assertBadRequest(api("POST", "/api/retries", "{}"), "orderNumbers");
        assertBadRequest(api("POST", "/api/retries", "{\"orderNumbers\": [\"1\"], \"tag\": \"x\"}"), "tag");
        assertBadRequest(api("POST", "/api/retries", "{\"orderNumbers\": \"1001\"}"), "orderNumbers");
        assertBadRequest(api("POST", "/api/retries", "{\"orderNumbers\": [1001]}"), "orderNumbers");
        assertBadRequest(api("POST", "/api/retries", "{\"tag\": \"\"}"), "tag");
        assertBadRequest(api("POST", "/api/retries", "{\"tag\": \"x\", \"channel\": \"ebay\"}"), "channel");
        assertBadRequest(api("POST", "/api/retries", "{\"orderNumbers\": " + JSON.writeValueAsString(
                java.util.Collections.nCopies(1001, "1")) + "}"), "orderNumbers");
        assertBadRequest(api("POST", "/api/orders/1001/retry", "{\"confirm\": \"yes\"}"), "confirm");
        assertThat(api("POST", "/api/orders/9999/retry", null).statusCode()).isEqualTo(404);
    }

    @Test
    void addingTheMissingMappingMakesTheFailedShipmentDue() throws Exception {
        send(TestEvent.shopify("SHP-9").with("warehouseId", "WH-B"));
        awaitShipment("SHP-9", "FAILED");
        assertThat(shipment("SHP-9").get("next_retry_at")).isNull();

        HttpResponse<String> put = api("PUT", "/api/stores/test-shopify/location-mappings/WH-B",
                "{\"locationId\": \"1\"}");

        assertThat(JSON.readTree(put.body()).path("retriesScheduled").asInt()).isEqualTo(1);
        assertThat(shipment("SHP-9").get("next_retry_at")).isNotNull();
        assertThat(timelineEvents("1001")).endsWith("RETRY_SCHEDULED");
    }

    private void awaitTagRemoved(String orderNumber) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> tags(orderNumber).isEmpty());
    }

    private void awaitTimeline(String orderNumber, String event) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> timelineEvents(orderNumber).contains(event));
    }

    private void assertBadRequest(HttpResponse<String> response, String field) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("field").asText()).isEqualTo(field);
    }

}
