package io.writeback;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.writeback.messaging.MessagingConfiguration;
import io.writeback.pacing.RateBudget;
import io.writeback.sandbox.amazon.AmazonSandbox;
import io.writeback.sandbox.bigcommerce.BigCommerceSandbox;
import io.writeback.sandbox.magento.MagentoSandbox;
import io.writeback.sandbox.shopify.SandboxShop;
import io.writeback.sandbox.shopify.ShopifySandbox;
import io.writeback.sandbox.volusion.VolusionSandbox;
import io.writeback.sandbox.woocommerce.WooCommerceSandbox;
import io.writeback.store.LocationMappings;
import io.writeback.store.Stores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.camel.CamelContext;
import org.apache.camel.ConsumerTemplate;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.DisableJmx;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
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
// metrics exported as in production: /actuator/prometheus is part of what the tests check
@AutoConfigureObservability(tracing = false)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = "spring.jmx.enabled=true")
@ActiveProfiles({"sandbox", "test"})
public abstract class WritebackTestSupport {

    protected static final String FAILED_TAG = "Failed Shipment Notification";
    protected static final ObjectMapper JSON = new ObjectMapper();
    private static final int HTTP_PORT = freePort();

    /** application-test.yaml takes server.port from here, so a subclass can still set server.port itself. */
    @DynamicPropertySource
    static void httpPort(DynamicPropertyRegistry registry) {
        registry.add("writeback.test.http-port", () -> HTTP_PORT);
    }

    @Autowired
    protected CamelContext camel;
    @Autowired
    private EmbeddedActiveMQ broker;
    @Autowired
    protected ProducerTemplate producer;
    @Autowired
    protected ConsumerTemplate consumer;
    @Autowired
    protected JdbcClient jdbc;
    @Autowired
    protected ShopifySandbox sandbox;
    @Autowired
    protected AmazonSandbox amazon;
    @Autowired
    protected BigCommerceSandbox bigcommerce;
    @Autowired
    protected MagentoSandbox magento;
    @Autowired
    protected WooCommerceSandbox woocommerce;
    @Autowired
    protected VolusionSandbox volusion;
    @Autowired
    private LocationMappings locationMappings;
    @Autowired
    protected RateBudget rateBudget;
    @Autowired
    protected Stores stores;

    protected SandboxShop shop;

    @Value("${server.port}")
    protected int port;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void startClean() throws Exception {
        // every contract queue empty, deferred (scheduled) messages included: nothing of one test reaches the next
        for (String queue : MessagingConfiguration.contractQueues()) {
            Queue messages = broker.getActiveMQServer().locateQueue(queue);
            if (messages != null) {
                messages.deleteAllReferences();
            }
        }
        for (String table : List.of("order_timeline", "order_tag", "shipment", "writeback_order", "location_mapping",
                "location_mapping_seed", "inventory_timeline", "inventory_count", "inventory_write_lease",
                "inventory_excluded_warehouse")) {
            jdbc.sql("DELETE FROM " + table).update();
        }
        locationMappings.seedFromConfiguration();
        rateBudget.forgetAll();
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

    /** Sends an inventory event to inventory.inbound. */
    protected void sendInventory(String body) {
        producer.sendBody("activemq:queue:inventory.inbound", body);
    }

    /** The store's count of the SKU in the warehouse, or an empty map. */
    protected Map<String, Object> inventoryCount(String storeId, String warehouseId, String sku) {
        return jdbc.sql("SELECT * FROM inventory_count WHERE store_id = ? AND warehouse_id = ? AND sku = ?")
                .params(storeId, warehouseId, sku).query().listOfRows().stream().findFirst()
                .map(WritebackTestSupport::lowerCaseKeys).orElse(Map.of());
    }

    /** Waits until the count has the status and returns its row. */
    protected Map<String, Object> awaitInventoryCount(String storeId, String warehouseId, String sku, String status) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> status.equals(inventoryCount(storeId, warehouseId, sku).get("status")));
        return inventoryCount(storeId, warehouseId, sku);
    }

    /** The next message on inventory.failed, or fails the test after 20 s. */
    protected Exchange awaitInventoryFailedMessage() {
        Exchange failed = consumer.receive("activemq:queue:inventory.failed", 20_000);
        if (failed == null) {
            throw new AssertionError("No message arrived on inventory.failed within 20 s");
        }
        return failed;
    }

    /** How many exchanges the route has completed since the context started (its JMX statistics). */
    protected long routeCompleted(String routeId) {
        return camel.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class).getManagedRoute(routeId)
                .getExchangesCompleted();
    }

    /** Waits until the route has completed {@code more} exchanges after {@code before} ({@link #routeCompleted}). */
    protected void awaitRouteCompleted(String routeId, long before, long more) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> routeCompleted(routeId) >= before + more);
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
    /** The messages of the order's timeline entries of one kind, oldest first. */
    protected List<String> timeline(String orderNumber, String event) {
        return jdbc.sql("SELECT message FROM order_timeline WHERE order_number = ? AND event = ? ORDER BY id")
                .params(orderNumber, event).query(String.class).list();
    }

    protected Exchange awaitFailedMessage() {
        Exchange failed = consumer.receive("activemq:queue:shipments.failed", 20_000);
        if (failed == null) {
            throw new AssertionError("No message arrived on shipments.failed within 20 s");
        }
        return failed;
    }

    /** Calls the REST API as the operator ({@code ops:writeback}); {@code body} null for none. */
    protected HttpResponse<String> api(String method, String path, String body) {
        return apiAs("ops:writeback", method, path, body);
    }

    /** Calls the REST API with these Basic credentials ({@code user:password}), or none when null. */
    protected HttpResponse<String> apiAs(String credentials, String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (credentials != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    credentials.getBytes(StandardCharsets.UTF_8)));
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** GET from the REST API as the operator, expecting 200, as JSON. */
    protected JsonNode apiGet(String path) {
        HttpResponse<String> response = api("GET", path, null);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
