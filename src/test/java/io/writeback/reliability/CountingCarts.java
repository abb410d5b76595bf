package io.writeback.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shopify and Amazon stand-ins outside the app's process, so they survive the app being killed.
 * <ul>
 * <li>Shopify (any store path): each order has one open fulfillment order with one line, and every
 *     {@code fulfillmentCreate} is accepted and counted, duplicates included, so that only the writeback's own
 *     idempotency can keep an order at one fulfillment. {@code inventorySetQuantities} is accepted for any SKU, and
 *     the quantity it sets kept: the last one set is what the cart holds.
 * <li>Amazon (store paths starting {@code amazon-}): Login with Amazon, {@code getOrderItems} and
 *     {@code confirmShipment} of orders with one item; a second confirmation of an order is counted, and refused
 *     the way Amazon refuses it ("already shipped").
 * </ul>
 */
final class CountingCarts implements AutoCloseable {

    private final HttpServer server;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, List<String>> fulfillments = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> confirmations = new ConcurrentHashMap<>();
    private final Map<String, Integer> inventory = new ConcurrentHashMap<>();
    private final Map<String, Long> firstFulfilledNanos = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger(1000);
    private final long latencyMillis;
    private volatile Instant outageEnds = Instant.MIN;
    private final Map<String, CostLimit> limits = new ConcurrentHashMap<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger throttled = new AtomicInteger();
    private volatile double[] amazonLimit;
    private final Map<String, CostLimit> amazonBuckets = new ConcurrentHashMap<>();

    CountingCarts(long latencyMillis) throws IOException {
        this.latencyMillis = latencyMillis;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        // one thread per call, as a cart serves many clients at once: its latency, not its threads, paces the app
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Every call answers 503 until {@code ends}. */
    void outageUntil(Instant ends) {
        outageEnds = ends;
    }

    /** Order id → tracking numbers of the fulfillments created for it. */
    Map<String, List<String>> fulfillments() {
        return fulfillments;
    }

    /** Amazon order id → how many times its shipment was confirmed (any number above 1 is a second write). */
    Map<String, AtomicInteger> confirmations() {
        return confirmations;
    }

    /** The app's arguments for {@code count} Amazon stores {@code amazon-<n>} served here. */
    List<String> amazonStores(int count) {
        List<String> arguments = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            String store = "--writeback.stores.amazon-" + s;
            String base = "http://127.0.0.1:" + port() + "/amazon-" + s;
            arguments.addAll(List.of(store + ".channel=amazon", store + ".base-url=" + base,
                    store + ".lwa-url=" + base + "/auth/o2/token", store + ".client-id=client-" + s,
                    store + ".client-secret=secret-" + s, store + ".refresh-token=Atzr|refresh-" + s,
                    store + ".marketplace-id=ATVPDKIKX0DER"));
        }
        return arguments;
    }

    /** Order id → when (System.nanoTime) its first fulfillment was answered. */
    Map<String, Long> firstFulfilledNanos() {
        return firstFulfilledNanos;
    }

    /**
     * Enforces Shopify's GraphQL cost limit on one store (its path's first segment): a bucket of {@code bucket}
     * points restored at {@code restorePerSecond}, {@code queryCost} points per query, THROTTLED when the bucket
     * cannot pay, and the cost figures in every answer.
     */
    void limit(String store, double bucket, double restorePerSecond, double queryCost) {
        limits.put(store, new CostLimit(bucket, restorePerSecond, queryCost));
    }

    /**
     * Enforces Amazon's confirmShipment usage plan on every Amazon store: a burst of {@code burst} calls restored at
     * {@code perSecond}; a call beyond it is answered 429 and counted as throttled.
     */
    void limitAmazon(double burst, double perSecond) {
        amazonLimit = new double[] {burst, perSecond};
    }

    /** Calls answered, and calls answered THROTTLED (Shopify) or 429 (Amazon). */
    int calls() {
        return calls.get();
    }

    int throttled() {
        return throttled.get();
    }

    private static final class CostLimit {
        final double bucket;
        final double restorePerSecond;
        final double queryCost;
        double available;
        long updated = System.nanoTime();

        CostLimit(double bucket, double restorePerSecond, double queryCost) {
            this.bucket = bucket;
            this.restorePerSecond = restorePerSecond;
            this.queryCost = queryCost;
            this.available = bucket;
        }

        /** Pays for a query; the answer's extensions.cost, with actualQueryCost null when it could not. */
        synchronized Map<String, Object> spend() {
            long now = System.nanoTime();
            available = Math.min(bucket, available + (now - updated) / 1e9 * restorePerSecond);
            updated = now;
            boolean paid = available >= queryCost;
            if (paid) {
                available -= queryCost;
            }
            Map<String, Object> cost = new HashMap<>();
            cost.put("requestedQueryCost", queryCost);
            cost.put("actualQueryCost", paid ? queryCost : null);
            cost.put("throttleStatus", Map.of("maximumAvailable", bucket, "currentlyAvailable", available,
                    "restoreRate", restorePerSecond));
            return cost;
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (exchange.getRequestURI().getPath().startsWith("/amazon-")) {
                amazon(exchange);
                return;
            }
            JsonNode request = json.readTree(exchange.getRequestBody());
            sleep(latencyMillis);
            calls.incrementAndGet();
            if (Instant.now().isBefore(outageEnds)) {
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            String path = exchange.getRequestURI().getPath();
            CostLimit limit = limits.get(path.substring(1, Math.max(1, path.indexOf('/', 1))));
            Map<String, Object> cost = limit == null ? null : limit.spend();
            Map<String, Object> answer = new HashMap<>();
            if (cost != null) {
                answer.put("extensions", Map.of("cost", cost));
            }
            if (cost != null && cost.get("actualQueryCost") == null) {
                throttled.incrementAndGet();
                answer.put("errors", List.of(Map.of("message", "Throttled", "extensions", Map.of("code",
                        "THROTTLED"))));
            } else {
                Object data = switch (request.path("operationName").asText()) {
                    case "OrderFulfillments" -> Map.of("order", order(request.path("variables").path("id").asText()));
                    case "FulfillmentCreate" -> Map.of("fulfillmentCreate", create(request.path("variables")));
                    case "InventoryItemsBySku" -> Map.of("inventoryItems", Map.of("nodes",
                            inventoryItems(request.path("variables").path("query").asText())));
                    case "InventorySetQuantities" -> Map.of("inventorySetQuantities",
                            setQuantities(path.substring(1, path.indexOf('/', 1)), request.path("variables")));
                    default -> null;
                };
                if (data == null) {
                    answer.put("errors", List.of(Map.of("message", "unsupported")));
                } else {
                    answer.put("data", data);
                }
            }
            answer(exchange, 200, answer);
        }
    }

    private void amazon(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        String path = exchange.getRequestURI().getPath();
        // the usage plan counts a call when it arrives, as Amazon does, not when its answer is ready
        double[] limit = amazonLimit;
        boolean withinLimit = limit == null || !path.endsWith("/shipmentConfirmation")
                || amazonBuckets.computeIfAbsent(path.split("/")[1], store -> new CostLimit(limit[0], limit[1], 1))
                .spend().get("actualQueryCost") != null;
        sleep(latencyMillis);
        calls.incrementAndGet();
        if (Instant.now().isBefore(outageEnds)) {
            exchange.sendResponseHeaders(503, -1);
        } else if (path.endsWith("/auth/o2/token")) {
            answer(exchange, 200, Map.of("access_token", "Atza|counting", "token_type", "bearer", "expires_in", 3600));
        } else if (path.endsWith("/orderItems")) {
            String orderId = path.split("/")[5];
            int shipped = confirmations.getOrDefault(orderId, new AtomicInteger()).get() > 0 ? 1 : 0;
            answer(exchange, 200, Map.of("payload", Map.of("AmazonOrderId", orderId, "OrderItems", List.of(Map.of(
                    "ASIN", "B00COUNTING", "OrderItemId", "1", "QuantityOrdered", 1, "QuantityShipped", shipped)))));
        } else if (path.endsWith("/shipmentConfirmation")) {
            String orderId = path.split("/")[5];
            if (!withinLimit) {
                throttled.incrementAndGet();
                exchange.getResponseHeaders().add("x-amzn-RateLimit-Limit", Double.toString(limit[1]));
                answer(exchange, 429, Map.of("errors", List.of(Map.of("code", "QuotaExceeded", "message",
                        "You exceeded your quota for the requested resource."))));
            } else if (confirmations.computeIfAbsent(orderId, id -> new AtomicInteger()).incrementAndGet() > 1) {
                answer(exchange, 400, Map.of("errors", List.of(Map.of("code", "InvalidInput", "message", "Order "
                        + orderId + " is already shipped; the shipment cannot be confirmed"))));
            } else {
                firstFulfilledNanos.putIfAbsent(orderId, System.nanoTime());
                exchange.sendResponseHeaders(204, -1);
            }
        } else {
            exchange.sendResponseHeaders(404, -1);
        }
    }

    private void answer(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** Every SKU has an inventory item, its id derived from the SKU. */
    private static List<Map<String, Object>> inventoryItems(String query) {
        List<Map<String, Object>> items = new ArrayList<>();
        Matcher sku = Pattern.compile("sku:\"([^\"]*)\"").matcher(query);
        while (sku.find()) {
            items.add(Map.of("id", "gid://shopify/InventoryItem/" + sku.group(1), "sku", sku.group(1)));
        }
        return items;
    }

    /** Keeps each quantity set, by store, location and item: the last one is what the cart holds. */
    private Map<String, Object> setQuantities(String store, JsonNode variables) {
        for (JsonNode quantity : variables.path("input").path("quantities")) {
            String item = quantity.path("inventoryItemId").asText();
            inventory.put(store + "/" + quantity.path("locationId").asText() + "/"
                    + item.substring(item.lastIndexOf('/') + 1), quantity.path("quantity").asInt());
        }
        Map<String, Object> payload = new HashMap<>();
        payload.put("inventoryAdjustmentGroup", Map.of("id", "gid://shopify/InventoryAdjustmentGroup/1"));
        payload.put("userErrors", List.of());
        return payload;
    }

    /** The quantities the Shopify stand-in holds: "store/location gid/SKU" → quantity. */
    Map<String, Integer> inventory() {
        return Map.copyOf(inventory);
    }

    private Map<String, Object> order(String orderGid) {
        String orderId = orderGid.substring(orderGid.lastIndexOf('/') + 1);
        List<String> tracking = fulfillments.getOrDefault(orderId, List.of());
        List<Map<String, Object>> done = new ArrayList<>();
        for (int i = 0; i < tracking.size(); i++) {
            done.add(Map.of("id", "gid://shopify/Fulfillment/" + orderId + i, "name", "#" + orderId + "." + (i + 1),
                    "status", "SUCCESS", "trackingInfo", List.of(Map.of("number", tracking.get(i)))));
        }
        return Map.of("id", orderGid, "name", "#" + orderId,
                "fulfillmentOrders", Map.of("nodes", List.of(Map.of(
                        "id", "gid://shopify/FulfillmentOrder/" + orderId,
                        "status", "OPEN",
                        "supportedActions", List.of(Map.of("action", "CREATE_FULFILLMENT")),
                        "assignedLocation", Map.of("location", Map.of("id", "gid://shopify/Location/1",
                                "name", "Main Warehouse")),
                        "lineItems", Map.of("nodes", List.of(Map.of("id", "gid://shopify/FulfillmentOrderLineItem/"
                                        + orderId, "remainingQuantity", 1, "totalQuantity", 1,
                                "lineItem", Map.of("id", "gid://shopify/LineItem/1", "sku", "TEE"))))))),
                "fulfillments", done);
    }

    private Map<String, Object> create(JsonNode variables) {
        JsonNode fulfillment = variables.path("fulfillment");
        String foId = fulfillment.path("lineItemsByFulfillmentOrder").get(0).path("fulfillmentOrderId").asText();
        String orderId = foId.substring(foId.lastIndexOf('/') + 1);
        fulfillments.computeIfAbsent(orderId, id -> java.util.Collections.synchronizedList(new ArrayList<>()))
                .add(fulfillment.path("trackingInfo").path("number").asText());
        firstFulfilledNanos.putIfAbsent(orderId, System.nanoTime());
        return Map.of("fulfillment", Map.of("id", "gid://shopify/Fulfillment/" + ids.incrementAndGet(),
                "name", "#" + orderId + ".1", "status", "SUCCESS"), "userErrors", List.of());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
