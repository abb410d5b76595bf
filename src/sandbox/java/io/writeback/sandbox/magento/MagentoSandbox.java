package io.writeback.sandbox.magento;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.writeback.sandbox.SandboxAccounts;
import io.writeback.sandbox.SandboxCart;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Sandbox Magento 2 stores at {@code /sandbox/magento/{store}/rest/V1}: {@code POST order/{id}/ship} and
 * {@code GET shipments} filtered on order_id, with Magento's validation messages (magento/magento2 CanShip,
 * QuantityValidator) and error body {@code {"message", "parameters"}} (carts.md §4); and MSI's
 * {@code POST inventory/source-items}.
 */
@RestController
@ConditionalOnProperty(name = "writeback.sandbox.enabled", havingValue = "true")
@RequestMapping("/sandbox/magento/{storeName}/rest/V1")
public class MagentoSandbox extends SandboxAccounts<MagentoSandbox.Store> {

    /** One Magento store: its token, inventory sources and orders (items with ordered/shipped quantities). */
    public static final class Store extends SandboxCart {
        private final String accessToken;
        private final Set<String> sources;
        private final Map<Long, Map<Long, int[]>> orders = new LinkedHashMap<>();
        private final List<Map<String, Object>> shipments = new ArrayList<>();
        private final Set<String> products = new HashSet<>();
        /** MSI source items: "source/sku" → quantity. */
        private final Map<String, Double> sourceItems = new LinkedHashMap<>();

        Store(String accessToken, Set<String> sources) {
            this.accessToken = accessToken;
            this.sources = sources;
        }

        /** Products (by SKU) the catalog has: source items can be saved for them. */
        public synchronized Store products(String... skus) {
            products.addAll(List.of(skus));
            return this;
        }

        /** The SKU's quantity at the source, or null when none was saved. */
        public synchronized Double quantity(String source, String sku) {
            return sourceItems.get(source + "/" + sku);
        }

        /** An order with items given as order_item_id, quantity ordered, … (nothing shipped yet). */
        public synchronized Store order(long orderId, Object... itemIdQuantity) {
            Map<Long, int[]> items = new LinkedHashMap<>();
            for (int i = 0; i < itemIdQuantity.length; i += 2) {
                items.put(((Number) itemIdQuantity[i]).longValue(), new int[] {(Integer) itemIdQuantity[i + 1], 0});
            }
            orders.put(orderId, items);
            return this;
        }

        public synchronized List<Map<String, Object>> shipments(long orderId) {
            return shipments.stream().filter(s -> s.get("order_id").equals(orderId)).toList();
        }
    }

    private final ObjectMapper json;

    public MagentoSandbox(ObjectMapper json) {
        super("magento", "demo");
        this.json = json;
        resetDemo();
    }

    @Override
    protected Store demo() {
        return new Store("sandbox-token", Set.of("default", "ne_wh", "west_wh")).order(3001, 3L, 1, 4L, 2)
                .order(3002, 5L, 1).products("TEE-RED-M", "MUG-WHITE", "HAT-BLUE", "POSTER-XL", "SOCKS-3PK");
    }

    public Store createStore(String name, String accessToken, String... sources) {
        return add(name, new Store(accessToken, Set.of(sources)));
    }

    @GetMapping("/shipments")
    public ResponseEntity<Object> shipments(@PathVariable String storeName,
                                            @RequestHeader(name = "Authorization", required = false) String auth,
                                            @RequestParam Map<String, String> query) {
        Store store = account(storeName);
        ResponseEntity<Object> refused = refuse(store, auth, "GET shipments", query.toString());
        if (refused != null) {
            return refused;
        }
        synchronized (store) {
            String orderId = query.get("searchCriteria[filterGroups][0][filters][0][value]");
            List<Map<String, Object>> items = store.shipments.stream()
                    .filter(s -> orderId == null || s.get("order_id").toString().equals(orderId)).toList();
            return ResponseEntity.ok(Map.of("items", items, "total_count", items.size()));
        }
    }

    @PostMapping("/order/{orderId}/ship")
    public ResponseEntity<Object> ship(@PathVariable String storeName, @PathVariable long orderId,
                                       @RequestHeader(name = "Authorization", required = false) String auth,
                                       @RequestBody String body) throws IOException {
        Store store = account(storeName);
        ResponseEntity<Object> refused = refuse(store, auth, "POST ship " + orderId, body);
        if (refused != null) {
            return refused;
        }
        synchronized (store) {
            Map<Long, int[]> order = store.orders.get(orderId);
            if (order == null) {
                return error(HttpStatus.NOT_FOUND, "The entity that was requested doesn't exist. Verify the entity"
                        + " and try again.", null);
            }
            JsonNode request = json.readTree(body);
            boolean nothingLeft = order.values().stream().allMatch(q -> q[1] >= q[0]);
            if (nothingLeft) {
                return error(HttpStatus.BAD_REQUEST, "Shipment Document Validation Error(s):\n"
                        + "The order does not allow a shipment to be created.", null);
            }
            for (JsonNode item : request.path("items")) {
                int[] quantities = order.get(item.path("order_item_id").asLong());
                if (quantities == null) {
                    return error(HttpStatus.BAD_REQUEST, "Shipment Document Validation Error(s):\n"
                            + "We can not found item \"%1\" in order.", List.of(item.path("order_item_id").asText()));
                }
                if (item.path("qty").asInt() < 1 || quantities[1] + item.path("qty").asInt() > quantities[0]) {
                    return error(HttpStatus.BAD_REQUEST, "Shipment Document Validation Error(s):\n"
                            + "We found an invalid quantity to ship for item \"%1\".",
                            List.of(item.path("order_item_id").asText()));
                }
            }
            String source = request.path("arguments").path("extension_attributes").path("source_code").asText(null);
            if (source != null && !store.sources.contains(source)) {
                return error(HttpStatus.BAD_REQUEST, "Source \"%1\" does not exist.", List.of(source));
            }
            request.path("items").forEach(item -> order.get(item.path("order_item_id").asLong())[1]
                    += item.path("qty").asInt());
            int shipmentId = store.shipments.size() + 1;
            Map<String, Object> shipment = new LinkedHashMap<>();
            shipment.put("entity_id", shipmentId);
            shipment.put("order_id", orderId);
            shipment.put("source_code", source);
            shipment.put("notify", request.path("notify").asBoolean());
            shipment.put("items", json.convertValue(request.path("items"), List.class));
            shipment.put("tracks", json.convertValue(request.path("tracks"), List.class));
            store.shipments.add(shipment);
            return ResponseEntity.ok(shipmentId);
        }
    }

    @PostMapping("/shipment/track")
    public ResponseEntity<Object> addTrack(@PathVariable String storeName,
                                           @RequestHeader(name = "Authorization", required = false) String auth,
                                           @RequestBody String body) throws IOException {
        Store store = account(storeName);
        ResponseEntity<Object> refused = refuse(store, auth, "POST shipment/track", body);
        if (refused != null) {
            return refused;
        }
        synchronized (store) {
            JsonNode entity = json.readTree(body).path("entity");
            for (String required : List.of("order_id", "parent_id", "weight", "qty", "description", "track_number",
                    "title", "carrier_code")) {
                if (!entity.has(required)) {
                    return error(HttpStatus.BAD_REQUEST, "\"%fieldName\" is required. Enter and try again.",
                            Map.of("fieldName", required));
                }
            }
            Map<String, Object> shipment = store.shipments.stream()
                    .filter(s -> s.get("entity_id").equals(entity.path("parent_id").asInt())
                            && s.get("order_id").equals(entity.path("order_id").asLong()))
                    .findFirst().orElse(null);
            if (shipment == null) {
                return error(HttpStatus.NOT_FOUND, "The entity that was requested doesn't exist. Verify the entity"
                        + " and try again.", null);
            }
            @SuppressWarnings("unchecked")
            List<Object> tracks = new ArrayList<>((List<Object>) shipment.get("tracks"));
            tracks.add(Map.of("track_number", entity.path("track_number").asText(),
                    "title", entity.path("title").asText(), "carrier_code", entity.path("carrier_code").asText()));
            shipment.put("tracks", tracks);
            return ResponseEntity.ok(json.convertValue(entity, Map.class));
        }
    }

    /**
     * MSI's {@code POST inventory/source-items}: every item checked first, then all saved, or none (Magento saves
     * them in one transaction).
     */
    @PostMapping("/inventory/source-items")
    public ResponseEntity<Object> saveSourceItems(@PathVariable String storeName,
                                                  @RequestHeader(name = "Authorization", required = false) String auth,
                                                  @RequestBody String body) throws IOException {
        Store store = account(storeName);
        ResponseEntity<Object> refused = refuse(store, auth, "POST inventory/source-items", body);
        if (refused != null) {
            return refused;
        }
        synchronized (store) {
            JsonNode items = json.readTree(body).path("sourceItems");
            if (!items.isArray() || items.isEmpty()) {
                return error(HttpStatus.BAD_REQUEST, "\"%fieldName\" is required. Enter and try again.",
                        Map.of("fieldName", "sourceItems"));
            }
            for (JsonNode item : items) {
                if (!store.sources.contains(item.path("source_code").asText())) {
                    return error(HttpStatus.BAD_REQUEST, "Source \"%1\" does not exist.",
                            List.of(item.path("source_code").asText()));
                }
                if (!store.products.contains(item.path("sku").asText())) {
                    return error(HttpStatus.BAD_REQUEST, "Product with SKU \"%1\" does not exist.",
                            List.of(item.path("sku").asText()));
                }
            }
            items.forEach(item -> store.sourceItems.put(item.path("source_code").asText() + "/"
                    + item.path("sku").asText(), item.path("quantity").asDouble()));
            return ResponseEntity.ok(List.of());
        }
    }

    private static ResponseEntity<Object> refuse(Store store, String auth, String operation, String body) {
        if (store == null) {
            return error(HttpStatus.NOT_FOUND, "Request does not match any route.", null);
        }
        store.record(operation, body);
        if (auth == null || !auth.equals("Bearer " + store.accessToken)) {
            return error(HttpStatus.UNAUTHORIZED, "The consumer isn't authorized to access %resources.",
                    Map.of("resources", "Magento_Sales::ship"));
        }
        if (store.takeOutage()) {
            return error(HttpStatus.SERVICE_UNAVAILABLE, "Service Temporarily Unavailable", null);
        }
        if (store.takeRateLimit()) {
            return error(HttpStatus.TOO_MANY_REQUESTS, "Too Many Requests", null);
        }
        return null;
    }

    private static ResponseEntity<Object> error(HttpStatus status, String message, Object parameters) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        if (parameters != null) {
            error.put("parameters", parameters);
        }
        return ResponseEntity.status(status).body(error);
    }
}
