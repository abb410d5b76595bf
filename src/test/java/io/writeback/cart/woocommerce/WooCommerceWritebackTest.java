package io.writeback.cart.woocommerce;

import static io.writeback.TestEvent.item;
import static org.assertj.core.api.Assertions.assertThat;

import io.writeback.TestEvent;
import io.writeback.WritebackTestSupport;
import io.writeback.sandbox.woocommerce.WooCommerceSandbox;
import java.util.Map;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WooCommerceWritebackTest extends WritebackTestSupport {

    WooCommerceSandbox.Shop shop;

    @BeforeEach
    void shop() {
        shop = woocommerce.createShop("test", "ck_test", "cs_test").order(4001);
    }

    private static TestEvent event(String shipmentId) {
        return TestEvent.of(shipmentId, "woocommerce", "test-woocommerce", "4001", item("TEE", "11", 1));
    }

    @Test
    void addsTheTrackingItemAndCompletesTheOrder() {
        send(event("WC-1"));

        Map<String, Object> row = awaitShipment("WC-1", "SYNCED");
        assertThat(shop.trackings(4001)).singleElement().satisfies(tracking -> {
            assertThat(tracking).containsEntry("tracking_provider", "UPS")
                    .containsEntry("tracking_number", "1Z5R89390357567127")
                    .containsEntry("date_shipped", "2026-11-21");
            assertThat(row).containsEntry("channel_reference", tracking.get("tracking_id"));
        });
        assertThat(shop.status(4001)).isEqualTo("completed");
        assertThat(shop.requests("POST shipment-trackings").get(0).body()).doesNotContain("custom_tracking");
    }

    @Test
    void carriersWithoutAPredefinedProviderAreCustomWithTheirLink() {
        send(event("WC-2").with("carrier", "dhl_express").with("trackingNumber", "3318810025"));

        awaitShipment("WC-2", "SYNCED");
        assertThat(shop.trackings(4001)).singleElement().satisfies(tracking -> assertThat(tracking)
                .containsEntry("tracking_provider", "DHL Express")
                .containsEntry("tracking_link", "https://www.dhl.com/en/express/tracking.html?AWB=3318810025&brand=DHL"));
    }

    @Test
    void retryAfterTheTrackingWasAddedDoesNotAddItTwice() {
        shop.failStatusUpdates(1);
        send(event("WC-3"));

        assertThat(awaitShipment("WC-3", "SYNCED")).containsEntry("attempts", 2);
        assertThat(shop.trackings(4001)).hasSize(1);
        assertThat(shop.requests("POST shipment-trackings")).hasSize(1);
        assertThat(shop.requests("PUT order")).hasSize(2);
        assertThat(shop.status(4001)).isEqualTo("completed");
    }

    @Test
    void unknownOrderIsRejectedWithWooCommercesMessage() {
        send(TestEvent.of("WC-4", "woocommerce", "test-woocommerce", "9999", item("TEE", "11", 1)));

        Exchange failed = awaitFailedMessage();
        assertThat(failed.getIn().getHeader("WritebackFailureCategory")).isEqualTo("REJECTED");
        assertThat(failed.getIn().getHeader("WritebackFailureReason", String.class)).contains("(404: Invalid order ID.)");
    }
}
