package io.writeback.sandbox.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.writeback.sandbox.SandboxAccounts;
import io.writeback.sandbox.SandboxCart;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Sandbox Amazon seller accounts at {@code /sandbox/amazon/{seller}}: Login with Amazon's token endpoint
 * ({@code /auth/o2/token}) and SP-API Orders v0 {@code confirmShipment} and {@code getOrderItems} (shipped quantities;
 * an item cannot be confirmed beyond what was ordered), Listings Items {@code patchListingsItem} (a listing's
 * seller-fulfilled quantity), with Amazon's error shapes
 * ({@code {"errors":[{code,message,details}]}}), expiring access tokens and 429 QuotaExceeded.
 */
@RestController
@ConditionalOnProperty(name = "writeback.sandbox.enabled", havingValue = "true")
@RequestMapping("/sandbox/amazon/{sellerName}")
public class AmazonSandbox extends SandboxAccounts<AmazonSandbox.Seller> {

    /** One seller: its app credentials, issued tokens, orders and confirmed packages. */
    public static final class Seller extends SandboxCart {
        private final String clientId;
        private final String clientSecret;
        private final String refreshToken;
        private final Map<String, Map<String, Integer>> orders = new LinkedHashMap<>();
        private final Map<String, Map<String, Integer>> shipped = new LinkedHashMap<>();
        private final Map<String, Map<String, JsonNode>> packages = new LinkedHashMap<>();
        /** Listings by seller SKU: their seller-fulfilled quantity (null until set), for merchant {@link #sellerId}. */
        private final Map<String, Integer> listings = new LinkedHashMap<>();
        private String sellerId = "A2SANDBOXSELLER";
        private Duration tokenLifetime = Duration.ofHours(1);
        private int tokensIssued;

        Seller(String clientId, String clientSecret, String refreshToken) {
            this.clientId = clientId;
            this.clientSecret = clientSecret;
            this.refreshToken = refreshToken;
        }

        /** An order with items given as orderItemId, quantity, orderItemId, quantity, … */
        public synchronized Seller order(String orderId, Object... itemIdQuantity) {
            Map<String, Integer> items = new LinkedHashMap<>();
            for (int i = 0; i < itemIdQuantity.length; i += 2) {
                items.put((String) itemIdQuantity[i], (Integer) itemIdQuantity[i + 1]);
            }
            orders.put(orderId, items);
            shipped.put(orderId, new LinkedHashMap<>());
            packages.put(orderId, new LinkedHashMap<>());
            return this;
        }

        /** Listings with these seller SKUs, of the merchant {@code sellerId}. */
        public synchronized Seller listings(String merchant, String... skus) {
            this.sellerId = merchant;
            for (String sku : skus) {
                listings.putIfAbsent(sku, null);
            }
            return this;
        }

        /** The DEFAULT fulfillment channel's quantity of the listing, or null when never set. */
        public synchronized Integer quantity(String sku) {
            return listings.get(sku);
        }

        public synchronized Seller tokenLifetime(Duration lifetime) {
            this.tokenLifetime = lifetime;
            return this;
        }

        private Runnable expireTokens = () -> { };

        /** Every access token issued to this seller so far is expired from now on. */
        public void expireTokens() {
            expireTokens.run();
        }

        public synchronized int tokensIssued() {
            return tokensIssued;
        }

        /** The packages confirmed on an order, by packageReferenceId. */
        public synchronized Map<String, JsonNode> packages(String orderId) {
            return Map.copyOf(packages.get(orderId));
        }
    }

    /** Access tokens as Login with Amazon issued them: token → seller name and expiry (they outlive fixtures). */
    private final Map<String, Map.Entry<String, Instant>> tokens = new ConcurrentHashMap<>();
    private final ObjectMapper json;

    public AmazonSandbox(ObjectMapper json) {
        super("amazon", "demo");
        this.json = json;
        resetDemo();
    }

    @Override
    protected Seller demo() {
        return seller("demo", "sandbox-client", "sandbox-secret", "Atzr|sandbox-refresh-token")
                .order("113-1234567-1234567", "79039765272157", 1, "79039765272158", 2)
                .order("113-7654321-7654321", "79039765272160", 1)
                .listings("A2SANDBOXSELLER", "TEE-RED-M", "MUG-WHITE", "HAT-BLUE", "POSTER-XL", "SOCKS-3PK");
    }

    public Seller createSeller(String name, String clientId, String clientSecret, String refreshToken) {
        return add(name, seller(name, clientId, clientSecret, refreshToken));
    }

    private Seller seller(String name, String clientId, String clientSecret, String refreshToken) {
        Seller seller = new Seller(clientId, clientSecret, refreshToken);
        seller.expireTokens = () -> tokens.replaceAll((token, issued) -> issued.getKey().equals(name)
                ? Map.entry(name, Instant.EPOCH) : issued);
        return seller;
    }

    @PostMapping(path = "/auth/o2/token", consumes = "application/x-www-form-urlencoded")
    public ResponseEntity<Object> token(@PathVariable String sellerName,
                                        @RequestBody MultiValueMap<String, String> form) {
        Seller seller = account(sellerName);
        if (seller == null) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).build();
        }
        synchronized (seller) {
            seller.record("token", form.getFirst("grant_type"));
            if (!seller.clientId.equals(form.getFirst("client_id"))
                    || !seller.clientSecret.equals(form.getFirst("client_secret"))) {
                return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(Map.of("error", "invalid_client",
                        "error_description", "Client authentication failed"));
            }
            if (!"refresh_token".equals(form.getFirst("grant_type"))
                    || !seller.refreshToken.equals(form.getFirst("refresh_token"))) {
                return ResponseEntity.badRequest().body(Map.of("error", "invalid_grant",
                        "error_description", "The request has an invalid grant parameter : refresh_token"));
            }
            seller.tokensIssued++;
            String token = "Atza|sandbox-" + sellerName + "-" + seller.tokensIssued;
            tokens.put(token, Map.entry(sellerName, Instant.now().plus(seller.tokenLifetime)));
            return ResponseEntity.ok(Map.of("access_token", token, "token_type", "bearer",
                    "expires_in", seller.tokenLifetime.toSeconds(), "refresh_token", seller.refreshToken));
        }
    }

    /** Orders v0 {@code getOrderItems}: the order's items with what is shipped of each, two items a page. */
    @GetMapping("/orders/v0/orders/{orderId}/orderItems")
    public ResponseEntity<Object> getOrderItems(@PathVariable String sellerName, @PathVariable String orderId,
                                                @RequestHeader(name = "x-amz-access-token", required = false)
                                                String token,
                                                @RequestParam(name = "NextToken", required = false) String nextToken)
            throws IOException {
        return onOrder(sellerName, token, "getOrderItems", orderId, nextToken, (seller, order) -> {
            List<String> ids = List.copyOf(order.keySet());
            int from = nextToken == null ? 0 : Integer.parseInt(nextToken);
            List<Map<String, Object>> items = ids.subList(from, Math.min(ids.size(), from + 2)).stream()
                    .map(id -> Map.<String, Object>of("ASIN", "B00SANDBOX", "OrderItemId", id,
                            "QuantityOrdered", order.get(id),
                            "QuantityShipped", seller.shipped.get(orderId).getOrDefault(id, 0)))
                    .toList();
            Map<String, Object> payload = new LinkedHashMap<>(Map.of("AmazonOrderId", orderId, "OrderItems", items));
            if (from + 2 < ids.size()) {
                payload.put("NextToken", Integer.toString(from + 2));
            }
            return ResponseEntity.ok().header("x-amzn-RateLimit-Limit", "0.5").body(Map.of("payload", payload));
        });
    }

    @PostMapping("/orders/v0/orders/{orderId}/shipmentConfirmation")
    public ResponseEntity<Object> confirmShipment(@PathVariable String sellerName, @PathVariable String orderId,
                                                  @RequestHeader(name = "x-amz-access-token", required = false)
                                                  String token,
                                                  @RequestBody String body) throws IOException {
        return onOrder(sellerName, token, "confirmShipment", orderId, body, (seller, order) -> {
            JsonNode request = json.readTree(body);
            JsonNode detail = request.path("packageDetail");
            if (!request.path("marketplaceId").isTextual() || detail.isMissingNode()) {
                return error(HttpStatus.BAD_REQUEST, "InvalidInput", "Invalid Input", "");
            }
            if (!detail.path("packageReferenceId").asText().matches("[1-9][0-9]*")) {
                return error(HttpStatus.BAD_REQUEST, "InvalidInput",
                        "PackageReferenceId: is invalid, must be a positive numeric value.", "");
            }
            Map<String, Integer> shipped = seller.shipped.get(orderId);
            for (JsonNode item : detail.path("orderItems")) {
                String itemId = item.path("orderItemId").asText();
                Integer ordered = order.get(itemId);
                if (ordered == null || item.path("quantity").asInt() < 1 || item.path("quantity").asInt() > ordered) {
                    return error(HttpStatus.BAD_REQUEST, "InvalidInput", "OrderItemId " + itemId
                            + " or its quantity is invalid for order " + orderId, "");
                }
                if (shipped.getOrDefault(itemId, 0) + item.path("quantity").asInt() > ordered) {
                    return error(HttpStatus.BAD_REQUEST, "InvalidInput", "Order " + orderId
                            + " is already shipped; the shipment cannot be confirmed", "");
                }
            }
            for (JsonNode item : detail.path("orderItems")) {
                shipped.merge(item.path("orderItemId").asText(), item.path("quantity").asInt(), Integer::sum);
            }
            seller.packages.get(orderId).put(detail.path("packageReferenceId").asText(), detail);
            return ResponseEntity.noContent().header("x-amzn-RateLimit-Limit", "2.0").build();
        });
    }

    /**
     * Listings Items {@code patchListingsItem}: a {@code replace} of {@code /attributes/fulfillment_availability}
     * sets the listing's DEFAULT quantity ({@code ACCEPTED}); a SKU the seller does not list, or a patch of anything
     * else, is {@code INVALID} with its issues (the answer is 200 either way, as Amazon's).
     */
    @PatchMapping("/listings/2021-08-01/items/{sellerId}/{sku}")
    public ResponseEntity<Object> patchListingsItem(@PathVariable String sellerName, @PathVariable String sellerId,
                                                    @PathVariable String sku,
                                                    @RequestParam(required = false) String marketplaceIds,
                                                    @RequestHeader(name = "x-amz-access-token", required = false)
                                                    String token,
                                                    @RequestBody String body) throws IOException {
        Seller seller = account(sellerName);
        if (seller == null) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).build();
        }
        synchronized (seller) {
            seller.record("patchListingsItem " + sku, body);
            ResponseEntity<Object> refused = refused(seller, sellerName, token);
            if (refused != null) {
                return refused;
            }
            if (marketplaceIds == null || marketplaceIds.isBlank()) {
                return error(HttpStatus.BAD_REQUEST, "InvalidInput", "Missing required marketplaceIds.", "");
            }
            JsonNode request = json.readTree(body);
            JsonNode patch = request.path("patches").path(0);
            JsonNode availability = patch.path("value").path(0);
            String issue = !sellerId.equals(seller.sellerId) || !seller.listings.containsKey(sku)
                    ? "SKU " + sku + " is not a listing of seller " + sellerId
                    : !"/attributes/fulfillment_availability".equals(patch.path("path").asText())
                    || !availability.path("quantity").isInt()
                    ? "Only fulfillment_availability with a quantity can be patched here" : null;
            if (issue != null) {
                return ResponseEntity.ok().header("x-amzn-RateLimit-Limit", "5.0").body(Map.of("sku", sku,
                        "status", "INVALID", "submissionId", UUID.randomUUID().toString(), "issues",
                        List.of(Map.of("code", "4000001", "message", issue, "severity", "ERROR"))));
            }
            seller.listings.put(sku, availability.path("quantity").asInt());
            return ResponseEntity.ok().header("x-amzn-RateLimit-Limit", "5.0").body(Map.of("sku", sku,
                    "status", "ACCEPTED", "submissionId", UUID.randomUUID().toString(), "issues", List.of()));
        }
    }

    @FunctionalInterface
    private interface OrderCall {
        ResponseEntity<Object> answer(Seller seller, Map<String, Integer> order) throws IOException;
    }

    /** A call on one of a seller's orders: recorded, then refused the way Amazon refuses it, or answered. */
    private ResponseEntity<Object> onOrder(String sellerName, String token, String operation, String orderId,
                                           String recorded, OrderCall call) throws IOException {
        Seller seller = account(sellerName);
        if (seller == null) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).build();
        }
        synchronized (seller) {
            seller.record(operation + " " + orderId, recorded);
            ResponseEntity<Object> refused = refused(seller, sellerName, token);
            if (refused != null) {
                return refused;
            }
            Map<String, Integer> order = seller.orders.get(orderId);
            if (order == null) {
                return error(HttpStatus.NOT_FOUND, "NotFound", "The resource was not found: order " + orderId, "");
            }
            return call.answer(seller, order);
        }
    }

    /** Amazon's answer to a call it does not serve now: a bad or expired token, an outage, the quota used up. */
    private ResponseEntity<Object> refused(Seller seller, String sellerName, String token) {
        var issued = token == null ? null : tokens.get(token);
        if (issued == null || !issued.getKey().equals(sellerName)) {
            return error(HttpStatus.FORBIDDEN, "Unauthorized", "Access to requested resource is denied.",
                    "The access token you provided is revoked, malformed or invalid.");
        }
        if (Instant.now().isAfter(issued.getValue())) {
            return error(HttpStatus.FORBIDDEN, "Unauthorized", "Access to requested resource is denied.",
                    "The access token you provided has expired.");
        }
        if (seller.takeOutage()) {
            return error(HttpStatus.SERVICE_UNAVAILABLE, "ServiceUnavailable", "Service is temporarily unavailable.",
                    "");
        }
        if (seller.takeRateLimit()) {
            return error(HttpStatus.TOO_MANY_REQUESTS, "QuotaExceeded",
                    "You exceeded your quota for the requested resource.", "");
        }
        return null;
    }

    private static ResponseEntity<Object> error(HttpStatus status, String code, String message, String details) {
        return ResponseEntity.status(status).header("x-amzn-RateLimit-Limit", "2.0")
                .body(Map.of("errors", List.of(Map.of("code", code, "message", message, "details", details))));
    }
}
