package io.writeback.sandbox.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.writeback.sandbox.SandboxAccounts;
import io.writeback.sandbox.SandboxCart;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
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
 * Sandbox WooCommerce shops at {@code /sandbox/woocommerce/{shop}/wp-json}: the Shipment Tracking extension's
 * tracking items and core's order update (carts.md §5), products and variations with their stock (the SKU lookup and
 * the batch endpoints), with WordPress REST errors {@code {code, message, data}}.
 */
@RestController
@ConditionalOnProperty(name = "writeback.sandbox.enabled", havingValue = "true")
@RequestMapping("/sandbox/woocommerce/{shopName}/wp-json")
public class WooCommerceSandbox extends SandboxAccounts<WooCommerceSandbox.Shop> {

    /** The extension's US provider group (carts.md §5.5). */
    private static final Set<String> PROVIDERS = Set.of("USPS", "UPS", "Fedex", "FedEx Sameday", "OnTrac", "DHL US");

    /** One shop: its API keys, orders (status + tracking items) and a fault for the order update. */
    public static final class Shop extends SandboxCart {
        private final String consumerKey;
        private final String consumerSecret;
        private final Map<Long, String> statuses = new LinkedHashMap<>();
        private final Map<Long, List<Map<String, Object>>> trackings = new LinkedHashMap<>();
        private int failingStatusUpdates;
        /** Products and variations by SKU, and the stock of each (by id). */
        private final Map<String, Product> products = new LinkedHashMap<>();
        private final Map<Long, Integer> stock = new LinkedHashMap<>();
        private long nextProductId = 700;

        Shop(String consumerKey, String consumerSecret) {
            this.consumerKey = consumerKey;
            this.consumerSecret = consumerSecret;
        }

        public synchronized Shop order(long orderId) {
            statuses.put(orderId, "processing");
            trackings.put(orderId, new ArrayList<>());
            return this;
        }

        /** The next {@code count} order updates answer 503, after the tracking item was added. */
        public synchronized Shop failStatusUpdates(int count) {
            failingStatusUpdates = count;
            return this;
        }

        /** Simple products with these SKUs. */
        public synchronized Shop products(String... skus) {
            for (String sku : skus) {
                products.put(sku, new Product(nextProductId++, 0, sku));
            }
            return this;
        }

        /** A variable product whose variations have these SKUs. */
        public synchronized Shop variations(String... skus) {
            long parent = nextProductId++;
            for (String sku : skus) {
                products.put(sku, new Product(nextProductId++, parent, sku));
            }
            return this;
        }

        /** The stock quantity of the product or variation with this SKU, or null when never set. */
        public synchronized Integer stock(String sku) {
            Product product = products.get(sku);
            return product == null ? null : stock.get(product.id());
        }

        public synchronized String status(long orderId) {
            return statuses.get(orderId);
        }

        public synchronized List<Map<String, Object>> trackings(long orderId) {
            return List.copyOf(trackings.get(orderId));
        }
    }

    record Product(long id, long parentId, String sku) {
    }

    private final ObjectMapper json;

    public WooCommerceSandbox(ObjectMapper json) {
        super("woocommerce", "demo");
        this.json = json;
        resetDemo();
    }

    @Override
    protected Shop demo() {
        return new Shop("ck_sandbox", "cs_sandbox").order(4001).order(4002)
                .products("MUG-WHITE", "POSTER-XL", "SOCKS-3PK").variations("TEE-RED-M", "HAT-BLUE");
    }

    public Shop createShop(String name, String consumerKey, String consumerSecret) {
        return add(name, new Shop(consumerKey, consumerSecret));
    }

    @GetMapping("/wc-shipment-tracking/v3/orders/{orderId}/shipment-trackings")
    public ResponseEntity<Object> trackings(@PathVariable String shopName, @PathVariable long orderId,
                                            @RequestHeader(name = "Authorization", required = false) String auth) {
        Shop shop = account(shopName);
        ResponseEntity<Object> refused = refuse(shop, auth, "GET shipment-trackings", "", orderId);
        return refused != null ? refused : ResponseEntity.ok(shop.trackings(orderId));
    }

    @PostMapping("/wc-shipment-tracking/v3/orders/{orderId}/shipment-trackings")
    public ResponseEntity<Object> addTracking(@PathVariable String shopName, @PathVariable long orderId,
                                              @RequestHeader(name = "Authorization", required = false) String auth,
                                              @RequestBody String body) throws IOException {
        Shop shop = account(shopName);
        ResponseEntity<Object> refused = refuse(shop, auth, "POST shipment-trackings", body, orderId);
        if (refused != null) {
            return refused;
        }
        JsonNode request = json.readTree(body);
        if (request.path("tracking_number").asText().isEmpty()) {
            return error(HttpStatus.BAD_REQUEST, "rest_missing_callback_param", "Missing parameter(s): tracking_number");
        }
        String provider = request.path("tracking_provider").asText("");
        String custom = request.path("custom_tracking_provider").asText("");
        if (provider.isEmpty() == custom.isEmpty() || !provider.isEmpty() && !PROVIDERS.contains(provider)) {
            return error(HttpStatus.BAD_REQUEST, "rest_invalid_param", "Invalid parameter(s): tracking_provider");
        }
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("tracking_id", HexFormat.of().formatHex(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8),
                0, 16));
        item.put("tracking_provider", provider.isEmpty() ? custom : provider);
        item.put("tracking_link", request.path("custom_tracking_link").asText(""));
        item.put("tracking_number", request.path("tracking_number").asText());
        item.put("date_shipped", request.path("date_shipped").asText(""));
        synchronized (shop) {
            shop.trackings.get(orderId).add(item);
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(item);
    }

    @DeleteMapping("/wc-shipment-tracking/v3/orders/{orderId}/shipment-trackings/{trackingId}")
    public ResponseEntity<Object> deleteTracking(@PathVariable String shopName, @PathVariable long orderId,
                                                 @PathVariable String trackingId,
                                                 @RequestHeader(name = "Authorization", required = false) String auth) {
        Shop shop = account(shopName);
        ResponseEntity<Object> refused = refuse(shop, auth, "DELETE shipment-tracking", trackingId, orderId);
        if (refused != null) {
            return refused;
        }
        synchronized (shop) {
            boolean removed = shop.trackings.get(orderId).removeIf(t -> t.get("tracking_id").equals(trackingId));
            return removed ? ResponseEntity.ok(Map.of("message", "true"))
                    : error(HttpStatus.NOT_FOUND, "woocommerce_rest_order_shipment_tracking_invalid_id",
                            "Invalid shipment tracking ID.");
        }
    }

    @PutMapping("/wc/v3/orders/{orderId}")
    public ResponseEntity<Object> updateOrder(@PathVariable String shopName, @PathVariable long orderId,
                                              @RequestHeader(name = "Authorization", required = false) String auth,
                                              @RequestBody String body) throws IOException {
        Shop shop = account(shopName);
        ResponseEntity<Object> refused = refuse(shop, auth, "PUT order", body, orderId);
        if (refused != null) {
            return refused;
        }
        synchronized (shop) {
            if (shop.failingStatusUpdates > 0) {
                shop.failingStatusUpdates--;
                return error(HttpStatus.SERVICE_UNAVAILABLE, "http_request_failed", "Service Unavailable");
            }
            shop.statuses.put(orderId, json.readTree(body).path("status").asText(shop.statuses.get(orderId)));
            return ResponseEntity.ok(Map.of("id", orderId, "status", shop.statuses.get(orderId)));
        }
    }

    /** {@code GET wc/v3/products?sku=a,b}: the products and variations with those SKUs. */
    @GetMapping("/wc/v3/products")
    public ResponseEntity<Object> products(@PathVariable String shopName,
                                           @RequestHeader(name = "Authorization", required = false) String auth,
                                           @RequestParam(defaultValue = "") String sku) {
        Shop shop = account(shopName);
        ResponseEntity<Object> refused = refuse(shop, auth, "GET products", sku);
        if (refused != null) {
            return refused;
        }
        synchronized (shop) {
            List<String> skus = List.of(sku.split(","));
            return ResponseEntity.ok(shop.products.values().stream().filter(p -> skus.contains(p.sku()))
                    .map(p -> Map.of("id", p.id(), "parent_id", p.parentId(), "sku", p.sku(),
                            "type", p.parentId() > 0 ? "variation" : "simple"))
                    .toList());
        }
    }

    @PostMapping("/wc/v3/products/batch")
    public ResponseEntity<Object> productsBatch(@PathVariable String shopName,
                                                @RequestHeader(name = "Authorization", required = false) String auth,
                                                @RequestBody String body) throws IOException {
        return batch(shopName, auth, body, 0);
    }

    @PostMapping("/wc/v3/products/{parentId}/variations/batch")
    public ResponseEntity<Object> variationsBatch(@PathVariable String shopName, @PathVariable long parentId,
                                                  @RequestHeader(name = "Authorization", required = false) String auth,
                                                  @RequestBody String body) throws IOException {
        return batch(shopName, auth, body, parentId);
    }

    /** The batch endpoints' updates: each item answered on its own, an error in its place when it is refused. */
    private ResponseEntity<Object> batch(String shopName, String auth, String body, long parentId)
            throws IOException {
        Shop shop = account(shopName);
        ResponseEntity<Object> refused = refuse(shop, auth, parentId == 0 ? "POST products/batch"
                : "POST variations/batch", body);
        if (refused != null) {
            return refused;
        }
        synchronized (shop) {
            JsonNode updates = json.readTree(body).path("update");
            if (updates.size() > 100) {
                return error(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "woocommerce_rest_request_entity_too_large",
                        "Unable to accept more than 100 items for this request.");
            }
            List<Object> answers = new ArrayList<>();
            for (JsonNode update : updates) {
                long id = update.path("id").asLong();
                Product product = shop.products.values().stream().filter(p -> p.id() == id && p.parentId() == parentId)
                        .findFirst().orElse(null);
                if (product == null) {
                    answers.add(Map.of("id", id, "error", Map.of("code", "woocommerce_rest_product_invalid_id",
                            "message", "Invalid ID.", "data", Map.of("status", 400))));
                } else if (!update.path("manage_stock").asBoolean() || !update.path("stock_quantity").isInt()) {
                    answers.add(Map.of("id", id, "error", Map.of("code", "rest_invalid_param",
                            "message", "Stock is not managed for this item.", "data", Map.of("status", 400))));
                } else {
                    shop.stock.put(id, update.path("stock_quantity").asInt());
                    answers.add(Map.of("id", id, "sku", product.sku(), "manage_stock", true, "stock_quantity",
                            update.path("stock_quantity").asInt()));
                }
            }
            return ResponseEntity.ok(Map.of("update", answers));
        }
    }

    private static ResponseEntity<Object> refuse(Shop shop, String auth, String operation, String body, long orderId) {
        ResponseEntity<Object> refused = refuse(shop, auth, operation, body);
        if (refused == null && shop.status(orderId) == null) {
            return error(HttpStatus.NOT_FOUND, "woocommerce_rest_order_invalid_id", "Invalid order ID.");
        }
        return refused;
    }

    private static ResponseEntity<Object> refuse(Shop shop, String auth, String operation, String body) {
        if (shop == null) {
            return error(HttpStatus.NOT_FOUND, "rest_no_route", "No route was found matching the URL and request"
                    + " method.");
        }
        shop.record(operation, body);
        String expected = "Basic " + Base64.getEncoder().encodeToString((shop.consumerKey + ":" + shop.consumerSecret)
                .getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(auth)) {
            return error(HttpStatus.UNAUTHORIZED, "woocommerce_rest_cannot_view", "Sorry, you cannot list resources.");
        }
        if (shop.takeOutage()) {
            return error(HttpStatus.SERVICE_UNAVAILABLE, "http_request_failed", "Service Unavailable");
        }
        if (shop.takeRateLimit()) {
            return error(HttpStatus.TOO_MANY_REQUESTS, "too_many_requests", "Too Many Requests");
        }
        return null;
    }

    private static ResponseEntity<Object> error(HttpStatus status, String code, String message) {
        return ResponseEntity.status(status).body(Map.of("code", code, "message", message,
                "data", Map.of("status", status.value())));
    }
}
