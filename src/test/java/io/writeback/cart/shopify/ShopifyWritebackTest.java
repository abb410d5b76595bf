package io.writeback.cart.shopify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.writeback.TestEvent;
import io.writeback.WritebackTestSupport;
import io.writeback.sandbox.SandboxCart;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;

/** The Shopify writeback end to end: broker → intake → writeback-shopify → sandbox shop over HTTP → SQL. */
class ShopifyWritebackTest extends WritebackTestSupport {

    @Test
    void writesFulfillmentWithTrackingAndMarksShipmentSynced() {
        send(TestEvent.shopify("SHP-1"));

        Map<String, Object> row = awaitShipment("SHP-1", "SYNCED");
        List<?> fulfillments = shop.fulfillments(1001);
        assertThat(fulfillments).hasSize(1);
        var fulfillment = shop.fulfillments(1001).get(0);
        assertThat(fulfillment.company()).isEqualTo("UPS");
        assertThat(fulfillment.number()).isEqualTo("1Z5R89390357567127");
        assertThat(fulfillment.url()).isEqualTo("https://www.ups.com/track?tracknum=1Z5R89390357567127");
        assertThat(fulfillment.notifyCustomer()).isTrue();
        assertThat(fulfillment.lineItemQuantities()).containsExactlyInAnyOrderEntriesOf(Map.of(11L, 2, 12L, 1));
        assertThat(row).containsEntry("attempts", 1).containsEntry("synced_tracking_number", "1Z5R89390357567127")
                .containsEntry("channel_reference", "gid://shopify/Fulfillment/" + fulfillment.id());
        assertThat(tags("1001")).isEmpty();
        assertThat(timelineEvents("1001")).containsExactly("RECEIVED", "SYNCED");
        assertThat(jdbc.sql("SELECT status FROM writeback_order WHERE order_number = '1001'").query(String.class)
                .single()).isEqualTo("SYNCED");
    }

    @Test
    void honoursNotifyCustomerFromTheEvent() {
        send(TestEvent.shopify("SHP-1").with("notifyCustomer", false));

        awaitShipment("SHP-1", "SYNCED");
        assertThat(shop.fulfillments(1001).get(0).notifyCustomer()).isFalse();
    }

    @Test
    void movesTheFulfillmentOrderToTheMappedLocationFirst() {
        send(TestEvent.shopifyOrder("SHP-2", "1002", "21", 1));

        awaitShipment("SHP-2", "SYNCED");
        assertThat(shop.requests()).extracting(SandboxCart.Request::operation).containsExactly(
                "OrderFulfillments", "LocationsForMove", "FulfillmentOrderMove", "OrderFulfillments",
                "FulfillmentCreate");
        assertThat(shop.fulfillments(1002)).singleElement()
                .satisfies(fulfillment -> assertThat(fulfillment.locationId()).isEqualTo(1L));
    }

    @Test
    void locationThatDoesNotStockTheProductFailsWithoutFulfillment() {
        String event = TestEvent.shopifyOrder("SHP-3", "1003", "31", 1).with("warehouseId", "WH-C").json();
        send(event);

        Exchange failed = awaitFailedMessage();
        assertThat(failed.getIn().getBody(String.class)).isEqualTo(event);
        assertThat(failed.getIn().getHeaders()).containsEntry("WritebackFailureCategory", "LOCATION_NOT_STOCKED")
                .containsEntry("orderNumber", "1003").containsEntry("shipmentId", "SHP-3")
                .containsEntry("channel", "shopify").containsEntry("storeId", "test-shopify");
        assertThat(failed.getIn().getHeader("WritebackFailureReason", String.class))
                .contains("Retail Store doesn't stock POSTER", "Assign the products to that location");
        assertThat(shop.fulfillments(1003)).isEmpty();
        assertThat(shop.requests()).extracting(SandboxCart.Request::operation)
                .doesNotContain("FulfillmentOrderMove", "FulfillmentCreate");
        assertThat(shipment("SHP-3")).containsEntry("status", "FAILED")
                .containsEntry("last_failure_category", "LOCATION_NOT_STOCKED");
        assertThat(tags("1003")).containsExactly(FAILED_TAG);
    }

    @Test
    void unmappedWarehouseFailsBeforeAnyCartCall() {
        String event = TestEvent.shopify("SHP-4").with("warehouseId", "WH-B").json();
        send(event);

        Exchange failed = awaitFailedMessage();
        assertThat(failed.getIn().getHeaders()).containsEntry("WritebackFailureCategory", "LOCATION_NOT_MAPPED")
                .containsEntry("WritebackAttempts", 0);
        assertThat(failed.getIn().getHeader("WritebackFailureReason", String.class)).isEqualTo(
                "Warehouse WH-B is not mapped to a Shopify location for store test-shopify: add the mapping"
                        + " (PUT /api/stores/test-shopify/location-mappings/WH-B), then retry");
        assertThat(shop.requests()).isEmpty();
        assertThat(tags("1001")).containsExactly(FAILED_TAG);
        assertThat(jdbc.sql("SELECT message FROM order_timeline WHERE order_number = '1001' AND event = 'FAILED'")
                .query(String.class).single()).contains("Warehouse WH-B is not mapped");
    }

    @Test
    void orderAlreadyFulfilledWithTheSameTrackingIsSyncedWithoutASecondFulfillment() {
        shop.fulfilled(1004, "UPS", "1Z5R89390357567127");
        send(TestEvent.shopifyOrder("SHP-5", "1004", "41", 1));

        Map<String, Object> row = awaitShipment("SHP-5", "SYNCED");
        assertThat(shop.fulfillments(1004)).hasSize(1);
        assertThat(shop.requests()).extracting(SandboxCart.Request::operation)
                .containsExactly("OrderFulfillments");
        assertThat(row.get("channel_reference")).isEqualTo("gid://shopify/Fulfillment/" + shop.fulfillments(1004)
                .get(0).id());
    }

    @Test
    void fulfillmentsBeyondTheFirstPageAreReadBeforeDecidingToWrite() {
        for (int i = 0; i < 11; i++) {
            shop.fulfilled(1001, "UPS", "1Z999AA1012345678" + i);
        }
        shop.fulfilled(1001, "UPS", "1Z5R89390357567127");
        send(TestEvent.shopify("SHP-12"));

        Map<String, Object> row = awaitShipment("SHP-12", "SYNCED");
        assertThat(shop.fulfillments(1001)).hasSize(12);
        assertThat(row.get("channel_reference")).isEqualTo("gid://shopify/Fulfillment/" + shop.fulfillments(1001)
                .get(11).id());
        assertThat(shop.requests()).extracting(SandboxCart.Request::operation)
                .containsExactly("OrderFulfillments", "OrderAllFulfillments");
        shop.requests().forEach(request -> assertThat(ShopifyGraphQLSchema.problems(request)).isEmpty());
    }

    @Test
    void everyFulfillmentOrderAndEveryLineIsReadBeforePlanning() {
        Object[] sevenLines = new Object[21];
        Object[] seventyLines = new Object[210];
        for (int i = 0; i < 70; i++) {
            if (i < 7) {
                sevenLines[3 * i] = 600L + i;
                sevenLines[3 * i + 1] = "TEE";
                sevenLines[3 * i + 2] = 1;
            }
            seventyLines[3 * i] = 700L + i;
            seventyLines[3 * i + 1] = "TEE";
            seventyLines[3 * i + 2] = 1;
        }
        shop.splitOrder(2006, "#2006", 1, sevenLines).order(2007, "#2007", 1, seventyLines);

        send(TestEvent.shopifyOrder("SHP-13", "2006", "606", 1));
        send(TestEvent.shopifyOrder("SHP-14", "2007", "769", 1));

        awaitShipment("SHP-13", "SYNCED");
        awaitShipment("SHP-14", "SYNCED");
        assertThat(shop.fulfillments(2006)).singleElement()
                .satisfies(f -> assertThat(f.lineItemQuantities()).containsExactly(Map.entry(606L, 1)));
        assertThat(shop.fulfillments(2007)).singleElement()
                .satisfies(f -> assertThat(f.lineItemQuantities()).containsExactly(Map.entry(769L, 1)));
        assertThat(shop.requests()).extracting(SandboxCart.Request::operation)
                .contains("FulfillmentOrderLineItems").filteredOn("OrderFulfillments"::equals).hasSize(3);
        shop.requests().forEach(request -> assertThat(ShopifyGraphQLSchema.problems(request)).isEmpty());
    }

    @Test
    void orderAlreadyFulfilledWithAnotherTrackingIsAlreadyShipped() {
        shop.fulfilled(1004, "FedEx", "986578788855");
        send(TestEvent.shopifyOrder("SHP-6", "1004", "41", 1));

        Exchange failed = awaitFailedMessage();
        assertThat(failed.getIn().getHeader("WritebackFailureCategory")).isEqualTo("ALREADY_SHIPPED");
        assertThat(failed.getIn().getHeader("WritebackFailureReason", String.class))
                .contains("already fulfilled", "#1004.1 with tracking 986578788855");
        assertThat(shop.fulfillments(1004)).hasSize(1);
    }

    @Test
    void lineItemNotOnTheOrderIsItemsMismatch() {
        send(TestEvent.shopifyOrder("SHP-7", "1001", "99", 1));

        Exchange failed = awaitFailedMessage();
        assertThat(failed.getIn().getHeader("WritebackFailureCategory")).isEqualTo("ITEMS_MISMATCH");
        assertThat(failed.getIn().getHeader("WritebackFailureReason", String.class))
                .contains("Line item 99 is not on Shopify order #1001");
    }

    @Test
    void quantityAboveWhatRemainsIsItemsMismatch() {
        send(TestEvent.shopifyOrder("SHP-8", "1001", "11", 3));

        Exchange failed = awaitFailedMessage();
        assertThat(failed.getIn().getHeader("WritebackFailureCategory")).isEqualTo("ITEMS_MISMATCH");
        assertThat(failed.getIn().getHeader("WritebackFailureReason", String.class))
                .contains("ships 3 of line item 11 but only 2 remain unfulfilled");
        assertThat(shop.fulfillments(1001)).isEmpty();
    }

    @Test
    void duplicateAndRedeliveredEventsNeverCreateASecondFulfillment() {
        String event = TestEvent.shopify("SHP-9").json();
        NotifyBuilder intake = new NotifyBuilder(camel).fromRoute("shipments-intake").whenDone(3).create();
        send(event);
        send(event);
        awaitShipment("SHP-9", "SYNCED");
        send(event);

        assertThat(intake.matches(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .until(() -> shop.fulfillments(1001).size() == 1);
        assertThat(shipment("SHP-9")).containsEntry("status", "SYNCED");
        assertThat(consumer.receive("activemq:queue:shipments.failed", 200)).isNull();
    }

    @Test
    void newTrackingForASyncedShipmentWithoutResendIsAlreadyShipped() {
        send(TestEvent.shopify("SHP-10"));
        awaitShipment("SHP-10", "SYNCED");

        send(TestEvent.shopify("SHP-10").with("trackingNumber", "1Z999AA10123456784"));

        Exchange failed = awaitFailedMessage();
        assertThat(failed.getIn().getHeader("WritebackFailureCategory")).isEqualTo("ALREADY_SHIPPED");
        assertThat(failed.getIn().getHeader("WritebackFailureReason", String.class))
                .contains("with tracking 1Z5R89390357567127", "this event carries 1Z999AA10123456784",
                        "{\"confirm\": true}");
        assertThat(shop.fulfillments(1001)).hasSize(1);
    }

    @Test
    void outageIsRedeliveredWithTheConfiguredDelaysAndThenSyncs() {
        shop.outage(2);
        send(TestEvent.shopify("SHP-11"));

        Map<String, Object> row = awaitShipment("SHP-11", "SYNCED");
        assertThat(row).containsEntry("attempts", 3);
        List<Long> gaps = gapsBetweenReadsOfTheOrder();
        assertThat(gaps).hasSize(2);
        assertThat(gaps.get(0)).isBetween(200L, 1500L);
        assertThat(gaps.get(1)).isBetween(400L, 1700L);
        assertThat(shop.fulfillments(1001)).hasSize(1);
    }

    @Test
    void outageThatOutlastsTheRedeliveriesFailsAsTransientWithTheOriginalMessage() {
        shop.outage(100);
        String event = TestEvent.shopify("SHP-12").json();
        send(event);

        Exchange failed = awaitFailedMessage();
        assertThat(failed.getIn().getBody(String.class)).isEqualTo(event);
        assertThat(failed.getIn().getHeaders()).containsEntry("WritebackFailureCategory", "CHANNEL_UNAVAILABLE")
                .containsEntry("WritebackAttempts", 4);
        assertThat(failed.getIn().getHeader("WritebackFailureReason", String.class))
                .contains("Shopify store test-shopify answered 503", "technical difficulties");
        List<Long> gaps = gapsBetweenReadsOfTheOrder();
        assertThat(gaps).hasSize(3);
        assertThat(gaps.get(0)).isGreaterThanOrEqualTo(200L);
        assertThat(gaps.get(1)).isGreaterThanOrEqualTo(400L);
        assertThat(gaps.get(2)).isGreaterThanOrEqualTo(600L);
        assertThat(shipment("SHP-12")).containsEntry("status", "FAILED").containsEntry("attempts", 4);
        assertThat(jdbc.sql("SELECT message FROM order_timeline WHERE event = 'ATTEMPT_FAILED' ORDER BY id")
                .query(String.class).list()).hasSize(4).first().asString()
                .startsWith("Attempt 1 to reach Shopify failed: Shopify store test-shopify answered 503");
        assertThat(shipment("SHP-12").get("next_retry_at")).isNotNull();
        assertThat(tags("1001")).containsExactly(FAILED_TAG);
    }

    @Test
    void throttledRequestWaitsAsLongAsShopifyAsksThenSyncs() {
        shop.rateLimit(1);
        send(TestEvent.shopify("SHP-13"));

        awaitShipment("SHP-13", "SYNCED");
        // the sandbox answers THROTTLED with cost 100, 20 available, restoring 100/s: wait 800 ms, not the 200 ms
        // of the configured first redelivery
        assertThat(gapsBetweenReadsOfTheOrder().get(0)).isGreaterThanOrEqualTo(800L);
        assertThat(shipment("SHP-13")).containsEntry("attempts", 1);
        assertThat(timeline("1001", "THROTTLED")).singleElement().asString()
                .contains("throttled the OrderFulfillments request", "not counted as an attempt");
    }

    @Test
    void refusedCredentialsAreAuthFailedAndNotRedelivered() {
        send(TestEvent.shopify("SHP-14").with("storeId", "test-shopify-revoked"));

        Exchange failed = awaitFailedMessage();
        assertThat(failed.getIn().getHeaders()).containsEntry("WritebackFailureCategory", "AUTH_FAILED")
                .containsEntry("WritebackAttempts", 1);
        assertThat(failed.getIn().getHeader("WritebackFailureReason", String.class))
                .contains("refused our credentials (401", "writeback.stores.test-shopify-revoked")
                .doesNotContain("revoked-token");
    }

    @Test
    void laterSuccessRemovesTheTagAndSaysSoInTheTimeline() {
        send(TestEvent.shopify("SHP-15").with("warehouseId", "WH-B"));
        awaitFailedMessage();
        assertThat(tags("1001")).containsExactly(FAILED_TAG);

        jdbc.sql("INSERT INTO location_mapping (store_id, warehouse_id, location_id, updated_at)"
                + " VALUES ('test-shopify', 'WH-B', 'gid://shopify/Location/1', CURRENT_TIMESTAMP)").update();
        send(TestEvent.shopify("SHP-15").with("warehouseId", "WH-B"));

        awaitShipment("SHP-15", "SYNCED");
        await().atMost(Duration.ofSeconds(5)).until(() -> tags("1001").isEmpty());
        assertThat(timelineEvents("1001")).containsExactly("RECEIVED", "FAILED", "TAG_ADDED", "RECEIVED", "SYNCED",
                "TAG_REMOVED");
    }

    @Test
    void everyRequestSentToShopifyValidatesAgainstTheOfficialAdminSchema() {
        send(TestEvent.shopify("SHP-16"));
        send(TestEvent.shopifyOrder("SHP-17", "1002", "21", 1));
        awaitShipment("SHP-16", "SYNCED");
        awaitShipment("SHP-17", "SYNCED");

        assertThat(shop.requests()).extracting(SandboxCart.Request::operation).contains("OrderFulfillments",
                "LocationsForMove", "FulfillmentOrderMove", "FulfillmentCreate");
        List<String> problems = new ArrayList<>();
        shop.requests().forEach(request -> problems.addAll(ShopifyGraphQLSchema.problems(request)));
        assertThat(problems).isEmpty();
    }

    /** Milliseconds between successive OrderFulfillments reads: each attempt starts with one. */
    private List<Long> gapsBetweenReadsOfTheOrder() {
        List<Long> times = shop.requestTimes("OrderFulfillments");
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < times.size(); i++) {
            gaps.add(times.get(i) - times.get(i - 1));
        }
        return gaps;
    }
}
