package io.writeback.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Shopify stand-in outside the app's process, so it survives the app being killed: each order has one open
 * fulfillment order with one line, and every {@code fulfillmentCreate} is accepted and counted, duplicates
 * included, so that only the writeback's own idempotency can keep an order at one fulfillment.
 */
final class CountingShopify implements AutoCloseable {

    private final HttpServer server;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, List<String>> fulfillments = new ConcurrentHashMap<>();
    private final Map<String, Long> firstFulfilledNanos = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger(1000);
    private final long latencyMillis;
    private volatile Instant outageEnds = Instant.MIN;

    CountingShopify(long latencyMillis) throws IOException {
        this.latencyMillis = latencyMillis;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(16));
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

    /** Order id → when (System.nanoTime) its first fulfillment was answered. */
    Map<String, Long> firstFulfilledNanos() {
        return firstFulfilledNanos;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode request = json.readTree(exchange.getRequestBody());
            sleep(latencyMillis);
            if (Instant.now().isBefore(outageEnds)) {
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            Object data = switch (request.path("operationName").asText()) {
                case "OrderFulfillments" -> Map.of("order", order(request.path("variables").path("id").asText()));
                case "FulfillmentCreate" -> Map.of("fulfillmentCreate", create(request.path("variables")));
                default -> null;
            };
            byte[] answer = json.writeValueAsBytes(data == null ? Map.of("errors", List.of(Map.of("message",
                    "unsupported"))) : Map.of("data", data));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
        }
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
