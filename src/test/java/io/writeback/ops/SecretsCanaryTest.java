package io.writeback.ops;

import static io.writeback.TestEvent.item;
import static org.assertj.core.api.Assertions.assertThat;

import io.writeback.TestEvent;
import io.writeback.WritebackTestSupport;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Store credentials are canaries here; after writebacks that succeed and fail on three carts (token, LWA client
 * secret and refresh token, a login and password in the URL), no canary is in the logs, the API's answers, the
 * failed queue's messages or any table.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretsCanaryTest extends WritebackTestSupport {

    private static final List<String> CANARIES = List.of("canary-shopify-token-5f1e9a", "canary-revoked-token-77c2d4",
            "canary-amazon-secret-3b8e", "canary-amazon-refresh-91d0", "CANARYVOLUSIONPASSWORD4C1B");

    @Test
    void noCanaryLeavesTheStoresConfiguration(CapturedOutput output) throws Exception {
        sandbox.createShop("canary", "canary-shopify-token-5f1e9a")
                .location(1, "Main Warehouse", "TEE").order(7001, "#7001", 1, 71L, "TEE", 1);
        amazon.createSeller("canary", "canary-client", "canary-amazon-secret-3b8e", "Atzr|canary-amazon-refresh-91d0")
                .order("113-0000001-0000001", "81", 1);
        volusion.createStore("canary", "canary@example.com", "CANARYVOLUSIONPASSWORD4C1B").order(7003).outage(100);

        send(TestEvent.of("CAN-1", "shopify", "test-canary-shopify", "7001", item("TEE", "71", 1))
                .with("orderNumber", "7001"));
        send(TestEvent.of("CAN-2", "shopify", "test-canary-revoked", "7001", item("TEE", "71", 1))
                .with("orderNumber", "7002"));
        send(TestEvent.of("CAN-3", "amazon", "test-canary-amazon", "113-0000001-0000001", item("TEE", "81", 1))
                .with("orderNumber", "7004"));
        send(TestEvent.of("CAN-4", "volusion", "test-canary-volusion", "7003", item("TEE", "71", 1))
                .with("orderNumber", "7003"));
        awaitShipment("CAN-1", "SYNCED");
        awaitShipment("CAN-2", "FAILED");
        awaitShipment("CAN-3", "SYNCED");
        awaitShipment("CAN-4", "FAILED");

        List<String> seen = new ArrayList<>();
        seen.add(output.getAll());
        for (String path : List.of("/api/stores", "/api/orders?limit=100", "/api/orders/7001", "/api/orders/7002",
                "/api/orders/7003", "/api/orders/7004")) {
            seen.add(api("GET", path, null).body());
        }
        Exchange failed;
        int failedMessages = 0;
        while ((failed = consumer.receive("activemq:queue:shipments.failed", 1_000)) != null) {
            seen.add(failed.getIn().getBody(String.class));
            seen.add(failed.getIn().getHeaders().toString());
            failedMessages++;
        }
        for (String table : List.of("writeback_order", "shipment", "order_tag", "order_timeline", "location_mapping",
                "location_mapping_seed")) {
            seen.add(jdbc.sql("SELECT * FROM " + table).query().listOfRows().toString());
        }

        assertThat(output.getAll()).as("the writeback's log lines were captured")
                .contains("Writeback failed for order 7002 shipment CAN-2");
        assertThat(failedMessages).isEqualTo(2);
        assertThat(String.join("\n", seen)).contains("AUTH_FAILED", "CHANNEL_UNAVAILABLE")
                .doesNotContain(CANARIES);
    }
}
