package io.writeback.sandbox.bigcommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.writeback.sandbox.SandboxAccounts;
import io.writeback.sandbox.SandboxCart;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Sandbox BigCommerce stores at {@code /sandbox/bigcommerce/stores/{storeHash}}: v2 order shipping addresses and
 * shipments (carts.md §3) and v3 inventory absolute adjustments, with each API's error shape and the store quota
 * headers on every answer ({@code X-Rate-Limit-Requests-Left}, {@code X-Rate-Limit-Time-Reset-Ms}; 150 requests per
 * 30 s).
 */
@RestController
@ConditionalOnProperty(name = "writeback.sandbox.enabled", havingValue = "true")
@RequestMapping("/sandbox/bigcommerce/stores/{storeHash}")
public class BigCommerceSandbox extends SandboxAccounts<BigCommerceSandbox.Store> {

    private static final int QUOTA = 150;
    private static final long WINDOW_MS = 30_000;

    /** One store: its token, orders (products, addresses, shipments) and its request quota. */
    public static final class Store extends SandboxCart {
        private final String accessToken;
        private final Map<Long, Order> orders = new LinkedHashMap<>();
        private int requestsLeft = QUOTA;
        private Instant windowEnds = Instant.now().plusMillis(WINDOW_MS);
        private long nextShipmentId = 1;
        /** Inventory: the store's locations, the SKUs its catalog has, and each SKU's quantity per location. */
        private final Set<Long> locations = new HashSet<>(Set.of(1L));
        private final Set<String> skus = new HashSet<>();
        private final Map<String, Integer> levels = new LinkedHashMap<>();

        Store(String accessToken) {
            this.accessToken = accessToken;
        }

        /** Catalog SKUs and the locations (beyond the default location 1) inventory can be set at. */
        public synchronized Store inventory(Set<String> catalogSkus, Long... moreLocations) {
            skus.addAll(catalogSkus);
            locations.addAll(List.of(moreLocations));
            return this;
        }

        /** The SKU's quantity at the location, or null when none was set. */
        public synchronized Integer level(long locationId, String sku) {
            return levels.get(locationId + "/" + sku);
        }

        /** An order with one shipping address and products given as order_product_id, quantity, … */
        public synchronized Store order(long orderId, long addressId, Object... productIdQuantity) {
            Order order = new Order(addressId);
            for (int i = 0; i < productIdQuantity.length; i += 2) {
                order.remaining.put(((Number) productIdQuantity[i]).longValue(), (Integer) productIdQuantity[i + 1]);
            }
            orders.put(orderId, order);
            return this;
        }

        /** Only {@code left} requests remain in the current window, which ends after {@code resetMillis}. */
        public synchronized Store quota(int left, long resetMillis) {
            requestsLeft = left;
            windowEnds = Instant.now().plusMillis(resetMillis);
            return this;
        }

        /** A shipment someone else created on the order, with this tracking number and no items. */
        public synchronized Store shipment(long orderId, String trackingNumber) {
            orders.get(orderId).shipments.add(new LinkedHashMap<>(Map.of("id", nextShipmentId++, "order_id", orderId,
                    "tracking_number", trackingNumber, "items", List.of())));
            return this;
        }

        public synchronized List<Map<String, Object>> shipments(long orderId) {
            return List.copyOf(orders.get(orderId).shipments);
        }
    }

    private static final class Order {
        final long addressId;
        final Map<Long, Integer> remaining = new LinkedHashMap<>();
        final List<Map<String, Object>> shipments = new ArrayList<>();

        Order(long addressId) {
            this.addressId = addressId;
        }
    }

    private final ObjectMapper json;

    public BigCommerceSandbox(ObjectMapper json) {
        super("bigcommerce", "sandbox");
        this.json = json;
        resetDemo();
    }

    @Override
    protected Store demo() {
        return new Store("sandbox-token").order(100, 10, 194L, 1, 195L, 2).order(101, 11, 196L, 1)
                .inventory(Set.of("TEE-RED-M", "MUG-WHITE", "HAT-BLUE", "POSTER-XL", "SOCKS-3PK"), 2L);
    }

    public Store createStore(String storeHash, String accessToken) {
        return add(storeHash, new Store(accessToken));
    }

    @GetMapping("/v2/orders/{orderId}/shipping_addresses")
    public ResponseEntity<Object> shippingAddresses(@PathVariable String storeHash, @PathVariable long orderId,
                                                    @RequestHeader(name = "X-Auth-Token", required = false)
                                                    String token) {
        return serve(storeHash, token, "GET shipping_addresses", "", (store, quota, request) -> {
            Order order = store.orders.get(orderId);
            return order == null ? notFound(quota) : quota.status(HttpStatus.OK).body(List.of(Map.of("id", order.addressId,
                    "order_id", orderId)));
        });
    }

    @GetMapping("/v2/orders/{orderId}/shipments")
    public ResponseEntity<Object> listShipments(@PathVariable String storeHash, @PathVariable long orderId,
                                                @RequestHeader(name = "X-Auth-Token", required = false) String token,
                                                @RequestParam(defaultValue = "1") int page,
                                                @RequestParam(defaultValue = "50") int limit) {
        return serve(storeHash, token, "GET shipments", "", (store, quota, request) -> {
            Order order = store.orders.get(orderId);
            if (order == null) {
                return notFound(quota);
            }
            int size = Math.min(Math.max(limit, 1), 250);
            int from = Math.min(order.shipments.size(), (Math.max(page, 1) - 1) * size);
            List<Map<String, Object>> onPage = order.shipments.subList(from, Math.min(order.shipments.size(),
                    from + size));
            return onPage.isEmpty() ? quota.status(HttpStatus.NO_CONTENT).build()
                    : quota.status(HttpStatus.OK).body(List.copyOf(onPage));
        });
    }

    @PostMapping("/v2/orders/{orderId}/shipments")
    public ResponseEntity<Object> createShipment(@PathVariable String storeHash, @PathVariable long orderId,
                                                 @RequestHeader(name = "X-Auth-Token", required = false) String token,
                                                 @RequestBody String body) {
        return serve(storeHash, token, "POST shipments", body, (store, quota, request) -> {
            Order order = store.orders.get(orderId);
            if (order == null) {
                return notFound(quota);
            }
            if (request.path("order_address_id").asLong() != order.addressId) {
                return errors(quota.status(HttpStatus.BAD_REQUEST), 400, "The field 'order_address_id' is invalid.");
            }
            if (request.path("tracking_number").asText().length() > 50) {
                return errors(quota.status(HttpStatus.BAD_REQUEST), 400,
                        "The field 'tracking_number' must be at most 50 characters.");
            }
            JsonNode items = request.path("items");
            if (!items.isArray() || items.isEmpty()) {
                return errors(quota.status(HttpStatus.BAD_REQUEST), 400, "The field 'items' is required.");
            }
            for (JsonNode item : items) {
                Integer remaining = order.remaining.get(item.path("order_product_id").asLong());
                if (remaining == null || item.path("quantity").asInt() < 1 || item.path("quantity").asInt() > remaining) {
                    // the real message is not documented (carts.md §3.3); this one says what happened
                    return errors(quota.status(HttpStatus.UNPROCESSABLE_ENTITY), 422, "The quantity specified for"
                            + " order_product_id " + item.path("order_product_id").asLong()
                            + " is greater than the quantity of the product that is available to ship.");
                }
            }
            items.forEach(item -> order.remaining.merge(item.path("order_product_id").asLong(),
                    -item.path("quantity").asInt(), Integer::sum));
            Map<String, Object> shipment = new LinkedHashMap<>();
            shipment.put("id", store.nextShipmentId++);
            shipment.put("order_id", orderId);
            shipment.put("order_address_id", order.addressId);
            shipment.put("tracking_number", request.path("tracking_number").asText());
            shipment.put("shipping_provider", request.path("shipping_provider").asText());
            shipment.put("tracking_carrier", request.path("tracking_carrier").asText());
            shipment.put("tracking_link", request.path("tracking_link").asText());
            shipment.put("shipping_method", request.path("shipping_method").asText());
            shipment.put("items", json.convertValue(items, List.class));
            order.shipments.add(shipment);
            return quota.status(HttpStatus.CREATED).body(shipment);
        });
    }

    @PutMapping("/v2/orders/{orderId}/shipments/{shipmentId}")
    public ResponseEntity<Object> updateShipment(@PathVariable String storeHash, @PathVariable long orderId,
                                                 @PathVariable long shipmentId,
                                                 @RequestHeader(name = "X-Auth-Token", required = false) String token,
                                                 @RequestBody String body) {
        return serve(storeHash, token, "PUT shipments", body, (store, quota, request) -> {
            Order order = store.orders.get(orderId);
            Map<String, Object> shipment = order == null ? null : order.shipments.stream()
                    .filter(s -> s.get("id").equals(shipmentId)).findFirst().orElse(null);
            if (shipment == null) {
                return notFound(quota);
            }
            if (request.has("items")) {
                return errors(quota.status(HttpStatus.BAD_REQUEST), 400, "The field 'items' cannot be written to."
                        + " Please remove it from your request before trying again.");
            }
            for (String field : List.of("tracking_number", "shipping_provider", "tracking_carrier", "tracking_link",
                    "shipping_method")) {
                if (request.has(field)) {
                    shipment.put(field, request.path(field).asText());
                }
            }
            return quota.status(HttpStatus.OK).body(shipment);
        });
    }

    /**
     * Inventory API v3 absolute adjustments: every item checked first; a bad one refuses the request (422, its title
     * naming the item), otherwise all are set.
     */
    @PutMapping("/v3/inventory/adjustments/absolute")
    public ResponseEntity<Object> absoluteAdjustment(@PathVariable String storeHash,
                                                     @RequestHeader(name = "X-Auth-Token", required = false)
                                                     String token,
                                                     @RequestBody String body) {
        return serve(storeHash, token, "PUT inventory absolute", body, true, (store, quota, request) -> {
            JsonNode items = request.path("items");
            if (!items.isArray() || items.isEmpty() || items.size() > 2000) {
                return errors(true, quota.status(HttpStatus.UNPROCESSABLE_ENTITY), 422,
                        "[items must hold 1 to 2000 items]");
            }
            Map<String, Integer> changes = new LinkedHashMap<>();
            for (JsonNode item : items) {
                long location = item.path("location_id").asLong();
                String sku = item.path("sku").asText();
                if (!store.locations.contains(location)) {
                    return errors(true, quota.status(HttpStatus.UNPROCESSABLE_ENTITY), 422,
                            "[Location with id " + location + " does not exist]");
                }
                if (!store.skus.contains(sku)) {
                    return errors(true, quota.status(HttpStatus.UNPROCESSABLE_ENTITY), 422,
                            "[Item with sku " + sku + " was not found]");
                }
                changes.put(location + "/" + sku, item.path("quantity").asInt());
            }
            store.levels.putAll(changes);
            return quota.status(HttpStatus.OK).body(Map.of("transaction_id", UUID.randomUUID().toString()));
        });
    }

    private interface Handler {
        ResponseEntity<Object> handle(Store store, Quota quota, JsonNode request);
    }

    /** The quota headers every answer carries, ready for any status. */
    private record Quota(int left, long resetMs) {
        ResponseEntity.BodyBuilder status(HttpStatus status) {
            return ResponseEntity.status(status)
                    .header("X-Rate-Limit-Requests-Quota", Integer.toString(QUOTA))
                    .header("X-Rate-Limit-Requests-Left", Integer.toString(left))
                    .header("X-Rate-Limit-Time-Window-Ms", Long.toString(WINDOW_MS))
                    .header("X-Rate-Limit-Time-Reset-Ms", Long.toString(resetMs));
        }
    }

    /**
     * Authentication, faults, the quota window and the JSON body, then the handler; every answer carries the quota
     * headers.
     */
    private ResponseEntity<Object> serve(String storeHash, String token, String operation, String body,
                                         Handler handler) {
        return serve(storeHash, token, operation, body, false, handler);
    }

    /** As above; {@code v3}: errors in the v3 APIs' shape ({@code {"status", "title", "type", "errors"}}). */
    private ResponseEntity<Object> serve(String storeHash, String token, String operation, String body, boolean v3,
                                         Handler handler) {
        Store store = account(storeHash);
        if (store == null) {
            return errors(v3, ResponseEntity.status(HttpStatus.NOT_FOUND), 404, "Store not found.");
        }
        synchronized (store) {
            store.record(operation, body);
            if (!store.accessToken.equals(token)) {
                return errors(v3, ResponseEntity.status(HttpStatus.UNAUTHORIZED), 401,
                        "You are not authorized to access this resource.");
            }
            if (Instant.now().isAfter(store.windowEnds)) {
                store.requestsLeft = QUOTA;
                store.windowEnds = Instant.now().plusMillis(WINDOW_MS);
            }
            long resetMs = Math.max(0, store.windowEnds.toEpochMilli() - Instant.now().toEpochMilli());
            if (store.takeRateLimit() || store.requestsLeft <= 0) {
                return errors(v3, new Quota(0, resetMs).status(HttpStatus.TOO_MANY_REQUESTS), 429,
                        "Too many requests: the store's API quota for this window is used up.");
            }
            store.requestsLeft--;
            Quota quota = new Quota(store.requestsLeft, resetMs);
            if (store.takeOutage()) {
                return errors(v3, quota.status(HttpStatus.SERVICE_UNAVAILABLE), 503, "Service Unavailable");
            }
            JsonNode request;
            try {
                request = body.isBlank() ? json.missingNode() : json.readTree(body);
            } catch (IOException e) {
                return errors(v3, quota.status(HttpStatus.BAD_REQUEST), 400, "The request body is not valid JSON.");
            }
            return handler.handle(store, quota, request);
        }
    }

    private static ResponseEntity<Object> notFound(Quota quota) {
        return errors(quota.status(HttpStatus.NOT_FOUND), 404, "The requested resource was not found.");
    }

    private static ResponseEntity<Object> errors(ResponseEntity.BodyBuilder builder, int status, String message) {
        return errors(false, builder, status, message);
    }

    private static ResponseEntity<Object> errors(boolean v3, ResponseEntity.BodyBuilder builder, int status,
                                                 String message) {
        return builder.body(v3 ? Map.of("status", status, "title", message, "type",
                "https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes", "errors", Map.of())
                : List.of(Map.of("status", status, "message", message)));
    }
}
