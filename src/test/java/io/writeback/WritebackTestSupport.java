package io.writeback;

import static org.awaitility.Awaitility.await;

import io.writeback.sandbox.shopify.SandboxShop;
import io.writeback.sandbox.shopify.ShopifySandbox;
import io.writeback.store.LocationMappings;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.ConsumerTemplate;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.DisableJmx;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole app on its embedded defaults (Artemis, H2 in memory, routes from routes/) with the sandbox Shopify shop
 * "test" as the cart, reached over real HTTP. Every test starts from empty tables, empty queues and a fresh shop.
 */
@CamelSpringBootTest
@DisableJmx(false)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = "spring.jmx.enabled=true")
@ActiveProfiles("test")
public abstract class WritebackTestSupport {

    protected static final String FAILED_TAG = "Failed Shipment Notification";
    private static final int HTTP_PORT = freePort();

    /** application-test.yaml takes server.port from here, so a subclass can still set server.port itself. */
    @DynamicPropertySource
    static void httpPort(DynamicPropertyRegistry registry) {
        registry.add("writeback.test.http-port", () -> HTTP_PORT);
    }

    @Autowired
    protected CamelContext camel;
    @Autowired
    protected ProducerTemplate producer;
    @Autowired
    protected ConsumerTemplate consumer;
    @Autowired
    protected JdbcClient jdbc;
    @Autowired
    protected ShopifySandbox sandbox;
    @Autowired
    private LocationMappings locationMappings;

    protected SandboxShop shop;

    @BeforeEach
    void startClean() {
        for (String queue : List.of("shipments.inbound", "writeback.shopify", "writeback.amazon", "shipments.failed")) {
            while (consumer.receive("activemq:queue:" + queue, 50) != null) {
                // drained
            }
        }
        for (String table : List.of("order_timeline", "order_tag", "shipment", "writeback_order", "location_mapping",
                "location_mapping_seed")) {
            jdbc.sql("DELETE FROM " + table).update();
        }
        locationMappings.seedFromConfiguration();
        shop = sandbox.createShop("test", "test-token")
                .location(1, "Main Warehouse", "TEE", "MUG", "HAT", "POSTER")
                .location(2, "East Coast DC", "TEE", "HAT")
                .location(3, "Retail Store", "TEE", "MUG")
                .order(1001, "#1001", 1, 11L, "TEE", 2, 12L, "MUG", 1)
                .order(1002, "#1002", 2, 21L, "HAT", 1)
                .order(1003, "#1003", 1, 31L, "POSTER", 1)
                .order(1004, "#1004", 1, 41L, "TEE", 1);
    }

    protected void send(String body) {
        producer.sendBody("activemq:queue:shipments.inbound", body);
    }

    protected void send(TestEvent event) {
        send(event.json());
    }

    /** Waits until the shipment has the status and returns its row. */
    protected Map<String, Object> awaitShipment(String shipmentId, String status) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> status.equals(shipment(shipmentId).get("status")));
        return shipment(shipmentId);
    }

    protected Map<String, Object> shipment(String shipmentId) {
        return jdbc.sql("SELECT * FROM shipment WHERE shipment_id = ?").param(shipmentId).query()
                .listOfRows().stream().findFirst().map(WritebackTestSupport::lowerCaseKeys).orElse(Map.of());
    }

    protected List<String> tags(String orderNumber) {
        return jdbc.sql("SELECT tag FROM order_tag WHERE order_number = ?").param(orderNumber)
                .query(String.class).list();
    }

    protected List<String> timelineEvents(String orderNumber) {
        return jdbc.sql("SELECT event FROM order_timeline WHERE order_number = ? ORDER BY id").param(orderNumber)
                .query(String.class).list();
    }

    /** The next message on shipments.failed, or fails the test after 20 s. */
    protected Exchange awaitFailedMessage() {
        Exchange failed = consumer.receive("activemq:queue:shipments.failed", 20_000);
        if (failed == null) {
            throw new AssertionError("No message arrived on shipments.failed within 20 s");
        }
        return failed;
    }

    private static Map<String, Object> lowerCaseKeys(Map<String, Object> row) {
        Map<String, Object> lower = new java.util.HashMap<>();
        row.forEach((k, v) -> lower.put(k.toLowerCase(java.util.Locale.ROOT), v));
        return lower;
    }

    protected static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
