package io.writeback.retry;

import static io.writeback.TestEvent.item;
import static org.assertj.core.api.Assertions.assertThat;

import io.writeback.CartRequestSchemas;
import io.writeback.TestEvent;
import io.writeback.WritebackTestSupport;
import io.writeback.cart.shopify.ShopifyGraphQLSchema;
import io.writeback.sandbox.amazon.AmazonSandbox;
import io.writeback.sandbox.bigcommerce.BigCommerceSandbox;
import io.writeback.sandbox.magento.MagentoSandbox;
import io.writeback.sandbox.volusion.VolusionSandbox;
import io.writeback.sandbox.woocommerce.WooCommerceSandbox;
import java.net.http.HttpResponse;
import java.util.Map;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

/**
 * After a label is voided and recreated, an operator-confirmed resend gives the cart the new tracking where it
 * allows that (Shopify, BigCommerce, Magento, WooCommerce, Volusion) and fails with the cart's rule where it does
 * not (Amazon).
 */
class ResendTest extends WritebackTestSupport {

    private static final String NEW_UPS = "1Z999AA10123456784";

    /** The seed's flow: new label, the writeback says already shipped, the operator confirms, Shopify updates. */
    @Test
    void shopifyReplacesTheFulfillmentsTrackingAfterTheOperatorConfirms() throws Exception {
        send(TestEvent.shopify("SHP-1"));
        awaitShipment("SHP-1", "SYNCED");
        send(TestEvent.shopify("SHP-1").with("trackingNumber", NEW_UPS));
        assertThat(awaitFailedMessage().getIn().getHeader("WritebackFailureCategory")).isEqualTo("ALREADY_SHIPPED");

        HttpResponse<String> confirmed = api("POST", "/api/orders/1001/retry", "{\"confirm\": true}");

        assertThat(confirmed.statusCode()).isEqualTo(202);
        awaitShipment("SHP-1", "SYNCED");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> tags("1001").isEmpty());
        assertThat(shop.fulfillments(1001)).singleElement().satisfies(f -> {
            assertThat(f.number()).isEqualTo(NEW_UPS);
            assertThat(f.url()).isEqualTo("https://www.ups.com/track?tracknum=" + NEW_UPS);
        });
        assertThat(shipment("SHP-1")).containsEntry("synced_tracking_number", NEW_UPS);
        assertThat(jdbc.sql("SELECT message FROM order_timeline WHERE order_number = '1001' AND event = 'SYNCED'"
                + " ORDER BY id").query(String.class).list()).last().asString()
                .contains("replaced: 1Z5R89390357567127 → UPS " + NEW_UPS);
        shop.requests("FulfillmentTrackingInfoUpdate").forEach(request ->
                assertThat(ShopifyGraphQLSchema.problems(request)).isEmpty());
    }

    @Test
    void bigcommerceUpdatesTheShipmentInPlace() throws Exception {
        BigCommerceSandbox.Store store = bigcommerce.createStore("test", "test-token").order(100, 128, 194L, 1);
        sendAndResend(TestEvent.of("BC-1", "bigcommerce", "test-bigcommerce", "100", item("TEE", "194", 1)));

        assertThat(store.shipments(100)).singleElement()
                .satisfies(s -> assertThat(s).containsEntry("tracking_number", NEW_UPS));
        String put = store.requests("PUT shipments").get(0).body();
        assertThat(put).doesNotContain("items");
        assertThat(CartRequestSchemas.problems(CartRequestSchemas.bigcommerceUpdateShipment(), put)).isEmpty();
    }

    @Test
    void magentoAddsATrackToTheShipment() throws Exception {
        MagentoSandbox.Store store = magento.createStore("test", "test-token", "ne_wh").order(3001, 3L, 1);
        sendAndResend(TestEvent.of("MG-1", "magento", "test-magento", "3001", item("TEE", "3", 1)));

        assertThat(store.shipments(3001)).singleElement().satisfies(s -> assertThat(s.get("tracks")).asList()
                .map(t -> (Object) ((Map<?, ?>) t).get("track_number"))
                .containsExactly("1Z5R89390357567127", NEW_UPS));
        assertThat(CartRequestSchemas.problems(CartRequestSchemas.magentoAddTrack(),
                store.requests("POST shipment/track").get(0).body())).isEmpty();
    }

    @Test
    void woocommerceReplacesTheTrackingItem() throws Exception {
        WooCommerceSandbox.Shop shop = woocommerce.createShop("test", "ck_test", "cs_test").order(4001);
        sendAndResend(TestEvent.of("WC-1", "woocommerce", "test-woocommerce", "4001", item("TEE", "11", 1)));

        assertThat(shop.trackings(4001)).singleElement()
                .satisfies(t -> assertThat(t).containsEntry("tracking_number", NEW_UPS));
        assertThat(shipment("WC-1")).containsEntry("channel_reference", shop.trackings(4001).get(0).get("tracking_id"));
    }

    @Test
    void volusionImportsTheNewNumberAndDetachesTheOldOne() throws Exception {
        VolusionSandbox.Store store = volusion.createStore("test", "test@example.com", "TESTENCRYPTEDPASSWORD")
                .order(5001);
        sendAndResend(TestEvent.of("VO-1", "volusion", "test-volusion", "5001", item("TEE", "11", 1)));

        assertThat(store.trackingNumbers(5001)).isEqualTo(Map.of(NEW_UPS, "UPS"));
        assertThat(store.requests("Import Insert-Update")).extracting(r -> r.body()).last().asString()
                .contains("<OrderID>0</OrderID><TrackingNumber>1Z5R89390357567127</TrackingNumber>");
    }

    @Test
    void amazonRefusesToChangeAConfirmedShipmentAndSaysWhere() {
        AmazonSandbox.Seller seller = amazon.createSeller("test", "test-client", "test-secret", "Atzr|test-refresh")
                .order("113-1234567-1234567", "79039765272157", 1);
        send(TestEvent.of("AMZ-1", "amazon", "test-amazon", "113-1234567-1234567", item("TEE", "79039765272157", 1)));
        awaitShipment("AMZ-1", "SYNCED");

        send(TestEvent.of("AMZ-1", "amazon", "test-amazon", "113-1234567-1234567", item("TEE", "79039765272157", 1))
                .with("trackingNumber", NEW_UPS).with("resend", true));

        Exchange failed = awaitFailedMessage();
        assertThat(failed.getIn().getHeader("WritebackFailureCategory")).isEqualTo("REJECTED");
        assertThat(failed.getIn().getHeader("WritebackFailureReason", String.class))
                .contains("Amazon does not let the tracking of a confirmed shipment be replaced", "Seller Central");
        assertThat(seller.packages("113-1234567-1234567").get("1").path("trackingNumber").asText())
                .isEqualTo("1Z5R89390357567127");
        assertThat(tags("1001")).containsExactly(FAILED_TAG);
    }

    private void sendAndResend(TestEvent event) throws Exception {
        String shipmentId = (String) jsonField(event, "shipmentId");
        send(event);
        awaitShipment(shipmentId, "SYNCED");
        send(event.with("trackingNumber", NEW_UPS).with("resend", true));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> NEW_UPS.equals(shipment(shipmentId).get("synced_tracking_number")));
        assertThat(shipment(shipmentId)).containsEntry("status", "SYNCED");
    }

    private static Object jsonField(TestEvent event, String field) throws Exception {
        return JSON.readTree(event.json()).path(field).asText();
    }

}
