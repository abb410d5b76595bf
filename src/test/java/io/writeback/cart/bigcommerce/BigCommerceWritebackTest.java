package io.writeback.cart.bigcommerce;

import static io.writeback.TestEvent.item;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.writeback.CartRequestSchemas;
import io.writeback.TestEvent;
import io.writeback.WritebackTestSupport;
import io.writeback.pacing.RateStatus;
import io.writeback.sandbox.bigcommerce.BigCommerceSandbox;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BigCommerceWritebackTest extends WritebackTestSupport {

    BigCommerceSandbox.Store store;

    @BeforeEach
    void store() {
        store = bigcommerce.createStore("test", "test-token").order(100, 128, 194L, 2, 195L, 1);
    }

    private static TestEvent event(String shipmentId) {
        return TestEvent.of(shipmentId, "bigcommerce", "test-bigcommerce", "100", item("TEE", "194", 2));
    }

    @Test
    void createsTheShipmentWithABodyThatValidatesAgainstTheOfficialSpec() throws Exception {
        send(event("BC-1"));

        assertThat(awaitShipment("BC-1", "SYNCED")).containsEntry("channel_reference", "1");
        Map<String, Object> shipment = store.shipments(100).get(0);
        assertThat(shipment).containsEntry("tracking_number", "1Z5R89390357567127")
                .containsEntry("tracking_carrier", "ups").containsEntry("shipping_provider", "")
                .containsEntry("tracking_link", "").containsEntry("order_address_id", 128L)
                .containsEntry("shipping_method", "UPS Ground");
        String body = store.requests("POST shipments").get(0).body();
        assertThat(CartRequestSchemas.problems(CartRequestSchemas.bigcommerceCreateShipment(), body)).isEmpty();
        // required by the operation's prose, not by its schema (carts.md §3.2)
        JsonNode request = new ObjectMapper().readTree(body);
        assertThat(request.path("order_address_id").isIntegralNumber()).isTrue();
        assertThat(request.path("items")).isNotEmpty();
        assertThat(request.path("items").get(0).has("product_id")).isFalse();
    }

    @Test
    void carriersBigCommerceCannotLinkGetOurTrackingLink() {
        send(event("BC-2").with("carrier", "other").with("carrierName", "Example Freight")
                .with("trackingNumber", "EF12345").with("trackingUrl", "https://track.example.com/EF12345"));

        awaitShipment("BC-2", "SYNCED");
        assertThat(store.shipments(100).get(0)).containsEntry("tracking_carrier", "")
                .containsEntry("tracking_link", "https://track.example.com/EF12345");
    }

    @Test
    void shipmentAlreadyInBigCommerceWithTheSameTrackingIsNotCreatedAgain() {
        send(event("BC-3"));
        awaitShipment("BC-3", "SYNCED");
        // as if the app crashed after the cart call, before the ledger recorded it
        jdbc.sql("UPDATE shipment SET status = 'PENDING', synced_tracking_number = NULL, channel_reference = NULL"
                + " WHERE shipment_id = 'BC-3'").update();

        send(event("BC-3"));

        await(() -> store.requests("GET shipments").size() == 2);
        awaitShipment("BC-3", "SYNCED");
        assertThat(store.shipments(100)).hasSize(1);
        assertThat(store.requests("POST shipments")).hasSize(1);
    }

    @Test
    void everyPageOfTheOrdersShipmentsIsReadBeforeWriting() {
        for (int i = 0; i < 300; i++) {
            store.shipment(100, i == 280 ? "1Z5R89390357567127" : "OLD" + i);
        }
        send(event("BC-5"));

        assertThat(awaitShipment("BC-5", "SYNCED")).containsEntry("channel_reference", "281");
        assertThat(store.requests("GET shipments")).hasSize(2);
        assertThat(store.requests("POST shipments")).isEmpty();
    }

    @Test
    void aWaitLongerThanAllowedIsAFailedAttemptNotADayOfSilence() {
        store.quota(0, 86_400_000); // the quota resets in a day: X-Rate-Limit-Time-Reset-Ms 86400000
        send(event("BC-6"));

        Exchange failed = awaitFailedMessage();
        assertThat(failed.getIn().getHeader("WritebackFailureCategory")).isEqualTo("RATE_LIMITED");
        Map<String, Object> row = shipment("BC-6");
        assertThat(row).containsEntry("status", "FAILED").containsEntry("attempts", 4);
        assertThat(row.get("next_retry_at")).isNotNull();
        assertThat(tags("1001")).containsExactly(FAILED_TAG);
        assertThat(timeline("1001", "ATTEMPT_FAILED")).hasSize(4).allSatisfy(message -> assertThat(message)
                .containsPattern("the cart asked us to wait 8639\\d s, longer than writeback.rate-limit.max-wait \\(2 s\\)"));
    }

    @Test
    void moreThanRemainsToShipIsItemsMismatch() {
        send(TestEvent.of("BC-4", "bigcommerce", "test-bigcommerce", "100", item("MUG", "195", 3)));

        Exchange failed = awaitFailedMessage();
        assertThat(failed.getIn().getHeader("WritebackFailureCategory")).isEqualTo("ITEMS_MISMATCH");
        assertThat(failed.getIn().getHeader("WritebackFailureReason", String.class))
                .contains("(422: The quantity specified for order_product_id 195");
    }

    @Test
    void theStoresQuotaHeadersCorrectItsRateBudget() {
        store.quota(10, 30_000);
        send(event("BC-6"));

        awaitShipment("BC-6", "SYNCED");
        // three requests answered with the store's quota headers: 150 per 30 s, 7 left in this window
        RateStatus budget = rateBudget.status(stores.find("test-bigcommerce").orElseThrow());
        assertThat(budget.capacity()).isEqualTo(150.0);
        assertThat(budget.perSecond()).isEqualTo(5.0);
        assertThat(budget.available()).isLessThanOrEqualTo(7.5);
    }

    @Test
    void noRequestsLeftInTheWindowMakesTheNextCallWaitForTheReset() {
        long windowSet = System.nanoTime() / 1_000_000;
        store.quota(1, 900);
        send(event("BC-5"));

        assertThat(awaitShipment("BC-5", "SYNCED")).containsEntry("attempts", 1);
        List<Long> reads = store.requestTimes("GET shipments");
        assertThat(reads).hasSize(2);
        // the first read used the last request: no call until the window reset (not a doomed call answered 429)
        assertThat(reads.get(1) - windowSet).isGreaterThanOrEqualTo(900L);
        assertThat(store.requests()).hasSize(4);
    }

    @Test
    void rateLimitedAnswerWaitsAsLongAsTheResetHeaderSays() {
        long windowSet = System.nanoTime() / 1_000_000;
        store.quota(0, 1200);
        send(event("BC-6"));

        awaitShipment("BC-6", "SYNCED");
        List<Long> reads = store.requestTimes("GET shipments");
        assertThat(reads).hasSize(2);
        assertThat(reads.get(1) - windowSet).isGreaterThanOrEqualTo(1200L);
        assertThat(store.shipments(100)).hasSize(1);
    }

    @Test
    void trackingNumberLongerThanBigCommerceTakesIsRejectedBeforeAnyCall() {
        send(event("BC-7").with("carrier", "other").with("carrierName", "Example Freight")
                .with("trackingNumber", "A".repeat(51)));

        Exchange failed = awaitFailedMessage();
        assertThat(failed.getIn().getHeader("WritebackFailureCategory")).isEqualTo("INVALID_TRACKING");
        assertThat(store.requests()).isEmpty();
    }

    private static void await(java.util.concurrent.Callable<Boolean> condition) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(condition);
    }
}
