package io.writeback.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.writeback.TestEvent;
import io.writeback.TestInventory;
import io.writeback.WritebackTestSupport;
import java.io.IOException;
import java.net.CookieManager;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The ops console over real HTTP, as a browser talks to it: a login form and a session cookie, CSRF tokens in the
 * forms. Find the failed orders by tag, fix the cause, retry two of them, see them written back.
 */
class ConsoleTest extends WritebackTestSupport {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @Test
    void anOperatorFindsTheFailedOrdersRetriesTwoAndSeesThemWrittenBack() throws Exception {
        send(TestEvent.shopify("SHP-C1").with("warehouseId", "WH-B"));
        send(TestEvent.shopifyOrder("SHP-C2", "1002", "21", 1).with("warehouseId", "WH-B"));
        awaitShipment("SHP-C1", "FAILED");
        awaitShipment("SHP-C2", "FAILED");
        Browser operator = new Browser().logIn("ops", "writeback");

        String failed = operator.get("/orders?status=FAILED&tag=Failed+Shipment+Notification").body();
        assertThat(failed).contains("data-order=\"1001\"", "data-order=\"1002\"", "LOCATION_NOT_MAPPED")
                .contains("id=\"count-FAILED\">2<").contains("Retry tracking writeback");
        HttpResponse<String> causes = operator.get("/failures");
        assertThat(causes.body()).contains("Map warehouse WH-B to a location of store test-shopify");
        assertThat(causes.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(csp -> assertThat(csp).contains("default-src 'self'"));

        jdbc.sql("INSERT INTO location_mapping (store_id, warehouse_id, location_id, updated_at)"
                + " VALUES ('test-shopify', 'WH-B', 'gid://shopify/Location/1', CURRENT_TIMESTAMP)").update();
        String confirm = operator.post("/retries/confirm", csrf(failed), "orderNumber", "1001", "orderNumber", "1002")
                .body();
        assertThat(confirm).contains("<strong>2</strong> order(s) selected", "<strong>2</strong> tagged order(s)")
                .contains("data-outlook=\"LIKELY\"", "warehouse WH-B is mapped now", "<strong>2</strong>: <span>1001, 1002</span>")
                .doesNotContain("id=\"resends\"");
        String result = operator.post("/retries", csrf(confirm), "orderNumber", "1001", "orderNumber", "1002").body();
        assertThat(result).contains("<strong>2</strong> shipment(s) queued", "id=\"progress\"");

        // the result page asks for the retry's progress until both orders have an outcome
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(operator.post("/retries/progress",
                csrf(result), "orderNumber", "1001", "orderNumber", "1002").body())
                .contains("data-done=\"true\"", "2 written back", "data-order=\"1001\" data-state=\"SYNCED\"",
                        "data-order=\"1002\" data-state=\"SYNCED\""));
        assertThat(shipment("SHP-C1")).containsEntry("status", "SYNCED");
        assertThat(shipment("SHP-C2")).containsEntry("status", "SYNCED");
        String detail = operator.get("/orders/1001").body();
        assertThat(detail).contains("RETRY_QUEUED", "queued by the ops console (user ops)", "SYNCED", "Prepared");
    }

    @Test
    void everyOrderATagFilterMatchesIsRetriedAtOnce() throws Exception {
        send(TestEvent.shopify("SHP-A1").with("warehouseId", "WH-B"));
        send(TestEvent.shopifyOrder("SHP-A2", "1002", "21", 1).with("warehouseId", "WH-B"));
        send(TestEvent.shopifyOrder("SHP-A3", "1003", "31", 1).with("warehouseId", "WH-B"));
        for (String shipment : List.of("SHP-A1", "SHP-A2", "SHP-A3")) {
            awaitShipment(shipment, "FAILED");
        }
        Browser operator = new Browser().logIn("ops", "writeback");
        assertThat(operator.get("/orders?tag=Failed+Shipment+Notification").body()).contains("Retry all 3 matching");
        assertThat(operator.get("/orders").body()).as("only under a tag filter").doesNotContain("id=\"retry-all\"");

        String confirm = operator.get("/retries/confirm-all?tag=Failed+Shipment+Notification&channel=shopify").body();
        assertThat(confirm).contains("<strong>3</strong> order(s) selected", "<strong>3</strong> tagged order(s)");
        jdbc.sql("INSERT INTO location_mapping (store_id, warehouse_id, location_id, updated_at)"
                + " VALUES ('test-shopify', 'WH-B', 'gid://shopify/Location/1', CURRENT_TIMESTAMP)").update();
        assertThat(operator.post("/retries", csrf(confirm), "orderNumber", "1001", "orderNumber", "1002",
                "orderNumber", "1003").body()).contains("<strong>3</strong> shipment(s) queued");
        for (String shipment : List.of("SHP-A1", "SHP-A2", "SHP-A3")) {
            awaitShipment(shipment, "SYNCED");
        }
        assertThat(operator.get("/retries/confirm-all").body()).contains("needs a tag filter");
        assertThat(new Browser().logIn("viewer", "writeback-viewer")
                .get("/retries/confirm-all?tag=Failed+Shipment+Notification").statusCode()).isEqualTo(403);
    }

    @Test
    void aSyncedOrderIsResentOnlyWhenTickedOnTheConfirmationThatSaysWhatTheCartDoes() throws Exception {
        send(TestEvent.shopify("SHP-C3"));
        awaitShipment("SHP-C3", "SYNCED");
        Browser operator = new Browser().logIn("ops", "writeback");

        String confirm = operator.post("/retries/confirm", csrf(operator.get("/orders").body()),
                "orderNumber", "1001").body();
        assertThat(confirm).contains("id=\"resends\"", "updates the tracking of the fulfillment it was written as");
        String notTicked = operator.post("/retries", csrf(confirm)).body();
        assertThat(notTicked).contains("<strong>0</strong> shipment(s) queued");
        assertThat(timelineEvents("1001")).doesNotContain("RETRY_QUEUED");
    }

    @Test
    void inventoryFailuresStandBesideTrackingFailuresAndAreWrittenAgainFromThere() throws Exception {
        shop.location(2, "East Coast DC", "TEE", "HAT", "MUG");
        sendInventory(TestInventory.event("test-shopify", "WH-B", Instant.now().minusSeconds(5), "MUG", 4, "TEE", 1));
        awaitInventoryCount("test-shopify", "WH-B", "MUG", "FAILED");
        awaitInventoryCount("test-shopify", "WH-B", "TEE", "FAILED");
        Browser operator = new Browser().logIn("ops", "writeback");

        String failures = operator.get("/failures").body();
        assertThat(failures).contains("id=\"inventory-causes\"", "data-store=\"test-shopify\"",
                "data-warehouse=\"WH-B\"", "LOCATION_NOT_MAPPED", "Failed Inventory Writeback",
                "Map warehouse WH-B to a location of store test-shopify", "Write again");
        jdbc.sql("INSERT INTO location_mapping (store_id, warehouse_id, location_id, updated_at)"
                + " VALUES ('test-shopify', 'WH-B', 'gid://shopify/Location/2', CURRENT_TIMESTAMP)").update();
        operator.post("/inventory/retries", csrf(failures), "storeId", "test-shopify", "warehouseId", "WH-B");
        assertThat(operator.get("/failures").body())
                .contains("2 count(s) of warehouse WH-B for store test-shopify are being written again");

        awaitInventoryCount("test-shopify", "WH-B", "MUG", "SYNCED");
        assertThat(shop.available(2, "MUG")).isEqualTo(4);
        assertThat(operator.get("/failures").body()).contains("No inventory count has failed.");
        Browser viewer = new Browser().logIn("viewer", "writeback-viewer");
        assertThat(viewer.post("/inventory/retries", csrf(viewer.get("/failures").body()), "storeId", "test-shopify",
                "warehouseId", "WH-B").statusCode()).isEqualTo(403);
    }

    @Test
    void theReadOnlyUserSeesNoActionAndCannotRetry() throws Exception {
        send(TestEvent.shopify("SHP-C4").with("warehouseId", "WH-B"));
        awaitShipment("SHP-C4", "FAILED");
        Browser viewer = new Browser().logIn("viewer", "writeback-viewer");

        String orders = viewer.get("/orders").body();
        assertThat(orders).contains("data-order=\"1001\"", "read-only").doesNotContain("Retry tracking writeback")
                .doesNotContain("type=\"checkbox\"");
        assertThat(viewer.post("/retries", csrf(orders), "orderNumber", "1001").statusCode()).isEqualTo(403);
        assertThat(timelineEvents("1001")).doesNotContain("RETRY_QUEUED");
    }

    @Test
    void aPostWithoutTheCsrfTokenIsRefused() throws Exception {
        send(TestEvent.shopify("SHP-C5").with("warehouseId", "WH-B"));
        awaitShipment("SHP-C5", "FAILED");
        Browser operator = new Browser().logIn("ops", "writeback");

        assertThat(operator.post("/retries", null, "orderNumber", "1001").statusCode()).isEqualTo(403);
        assertThat(timelineEvents("1001")).doesNotContain("RETRY_QUEUED");
    }

    @Test
    void anOperatorSuspendsAChannelOnlyWhenConfirmedAndResumesIt() throws Exception {
        Browser operator = new Browser().logIn("ops", "writeback");
        String channels = operator.get("/channels").body();
        assertThat(channels).contains("data-channel=\"magento\"");

        operator.post("/channels/magento/suspend", csrf(channels));
        assertThat(camel.getRouteController().getRouteStatus("writeback-magento").isStarted()).isTrue();
        assertThat(operator.get("/channels").body()).contains("Tick the confirmation to suspend magento");

        try {
            operator.post("/channels/magento/suspend", csrf(channels), "confirm", "yes");
            assertThat(camel.getRouteController().getRouteStatus("writeback-magento").isSuspended()).isTrue();
            assertThat(operator.get("/channels").body()).contains("magento suspended", "Resume");
            operator.post("/channels/magento/resume", csrf(channels));
            assertThat(camel.getRouteController().getRouteStatus("writeback-magento").isStarted()).isTrue();
        } finally {
            camel.getRouteController().resumeRoute("writeback-magento");
        }
        Browser viewer = new Browser().logIn("viewer", "writeback-viewer");
        String seen = viewer.get("/channels").body();
        assertThat(seen).doesNotContain("Suspend");
        assertThat(viewer.post("/channels/magento/suspend", csrf(seen), "confirm", "yes").statusCode())
                .isEqualTo(403);
    }

    @Test
    void aBadMappingIsRefusedOnTheStoresPageSayingWhy() throws Exception {
        Browser operator = new Browser().logIn("ops", "writeback");
        String stores = operator.get("/stores").body();
        operator.post("/stores/test-shopify/mappings", csrf(stores), "warehouseId", "WH-B", "locationId", "not a gid");
        assertThat(operator.get("/stores").body()).contains("locationId must be 1 to 255 characters without spaces");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM location_mapping WHERE store_id = 'test-shopify'"
                + " AND warehouse_id = 'WH-B'").query(Integer.class).single()).isZero();
    }

    @Test
    void ordersPageByFiftyAndFilterByNumberCategoryAndDate() throws Exception {
        for (int i = 1; i <= 60; i++) {
            jdbc.sql("INSERT INTO writeback_order (order_number, channel, store_id, status, created_at, updated_at)"
                    + " VALUES (?, 'shopify', 'test-shopify', 'SYNCED', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)")
                    .param(String.format("P-%04d", i)).update();
        }
        send(TestEvent.shopify("SHP-C6").with("warehouseId", "WH-B"));
        awaitShipment("SHP-C6", "FAILED");
        Browser operator = new Browser().logIn("ops", "writeback");

        String first = operator.get("/orders?orderNumber=P-").body();
        assertThat(first).contains("1–50 of 60", "id=\"older\"").doesNotContain("id=\"newer\"");
        Matcher older = Pattern.compile("href=\"http://[^/]+(/orders[^\"]+)\" id=\"older\"").matcher(first);
        assertThat(older.find()).isTrue();
        assertThat(operator.get(older.group(1).replace("&amp;", "&")).body()).contains("51–60 of 60",
                "id=\"newer\"");

        assertThat(operator.get("/orders?category=LOCATION_NOT_MAPPED").body())
                .contains("data-order=\"1001\"", "1–1 of 1");
        assertThat(operator.get("/orders?updatedFrom=2000-01-01&updatedTo=2000-12-31").body())
                .contains("No orders match");
    }

    @Test
    void anOrderShowsItsEventsItsRetriesAgainstTheMaximumAndTheCartsAdmin() throws Exception {
        jdbc.sql("INSERT INTO writeback_order (order_number, channel, store_id, status, created_at, updated_at)"
                + " VALUES ('R-1', 'shopify', 'real-shopify', 'FAILED', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)").update();
        jdbc.sql("INSERT INTO shipment (shipment_id, order_number, channel, store_id, channel_order_id, status,"
                + " event_json, scheduled_attempts, created_at, updated_at) VALUES ('SHP-R1', 'R-1', 'shopify',"
                + " 'real-shopify', '4711', 'FAILED', '{\"shipmentId\":\"SHP-R1\",\"note\":\"<b>as it came</b>\"}', 2,"
                + " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)").update();
        Browser operator = new Browser().logIn("ops", "writeback");

        String order = operator.get("/orders/R-1").body();
        assertThat(order).contains("href=\"https://real-shop.example.com/admin/orders/4711\"", "2 of 6",
                "&quot;shipmentId&quot; : &quot;SHP-R1&quot;", "&lt;b&gt;as it came&lt;/b&gt;")
                .doesNotContain("<b>as it came</b>");
        send(TestEvent.shopify("SHP-C7"));
        awaitShipment("SHP-C7", "SYNCED");
        assertThat(operator.get("/orders/1001").body()).as("the sandbox is on plain HTTP: no admin link")
                .doesNotContain("order in the cart's admin");
    }

    @Test
    void withoutALoginEveryPageLeadsToTheLoginForm() throws Exception {
        Browser anonymous = new Browser();
        HttpResponse<String> orders = anonymous.get("/orders");
        assertThat(orders.statusCode()).isEqualTo(302);
        assertThat(orders.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
        assertThat(new Browser().logInAnswer("ops", "wrong").headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/login?error"));
    }

    @Test
    void aClientThatKeepsFailingToLogInIsRefusedUntilItsAllowanceRefills() throws Exception {
        InetAddress elsewhere = InetAddress.getByName("127.0.0.3"); // its own allowance: the other tests log in
        for (int i = 0; i < 10; i++) {
            assertThat(new Browser(elsewhere).logInAnswer("ops", "wrong-" + i).headers().firstValue("Location"))
                    .hasValueSatisfying(l -> assertThat(l).endsWith("/login?error"));
        }
        HttpResponse<String> refused = new Browser(elsewhere).get("/login");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.body()).contains("Too many failed logins");
        new Browser().logIn("ops", "writeback");
    }

    private static String csrf(String page) {
        Matcher token = CSRF.matcher(page);
        assertThat(token.find()).as("a CSRF token in the page").isTrue();
        return token.group(1);
    }

    /** Cookies kept, redirects not followed: what a browser sends and gets, without its rendering. */
    private final class Browser {

        private final HttpClient http;

        Browser() {
            this(InetAddress.getLoopbackAddress());
        }

        Browser(InetAddress from) {
            http = HttpClient.newBuilder().cookieHandler(new CookieManager()).localAddress(from)
                    .followRedirects(HttpClient.Redirect.NEVER).build();
        }

        Browser logIn(String user, String password) throws Exception {
            HttpResponse<String> answer = logInAnswer(user, password);
            assertThat(answer.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l)
                    .endsWith("/orders"));
            return this;
        }

        HttpResponse<String> logInAnswer(String user, String password) throws Exception {
            return post("/login", csrf(get("/login").body()), "username", user, "password", password);
        }

        HttpResponse<String> get(String path) throws IOException, InterruptedException {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        /** A form post; {@code csrfToken} null for none. */
        HttpResponse<String> post(String path, String csrfToken, String... fields) throws Exception {
            List<String> pairs = new ArrayList<>();
            if (csrfToken != null) {
                pairs.add("_csrf=" + URLEncoder.encode(csrfToken, StandardCharsets.UTF_8));
            }
            for (int i = 0; i < fields.length; i += 2) {
                pairs.add(fields[i] + "=" + URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
            }
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(pairs.stream().collect(Collectors.joining("&"))))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }
}
