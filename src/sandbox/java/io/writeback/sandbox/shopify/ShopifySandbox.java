package io.writeback.sandbox.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.writeback.sandbox.SandboxAccounts;
import io.writeback.sandbox.shopify.SandboxShop.Fulfillment;
import io.writeback.sandbox.shopify.SandboxShop.FulfillmentOrder;
import io.writeback.sandbox.shopify.SandboxShop.FulfillmentOrderLine;
import io.writeback.sandbox.shopify.SandboxShop.Location;
import io.writeback.sandbox.shopify.SandboxShop.Order;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Sandbox Shopify shops served at {@code /sandbox/shopify/{shop}/admin/api/{version}/graphql.json}: the Admin
 * GraphQL operations the writeback uses (fulfillments, and inventory by location), with Shopify's answer shapes,
 * userErrors and THROTTLED errors (carts.md §1). The pipeline does not know it exists: a store's base URL points
 * here.
 */
@RestController
@ConditionalOnProperty(name = "writeback.sandbox.enabled", havingValue = "true")
public class ShopifySandbox extends SandboxAccounts<SandboxShop> {

    private static final Pattern FULFILLMENTS_FIRST = Pattern.compile("fulfillments\\(first:\\s*(\\d+)");
    private static final Pattern FULFILLMENT_ORDERS_FIRST = Pattern.compile("fulfillmentOrders\\(first:\\s*(\\d+)");
    private static final Pattern LINE_ITEMS_FIRST = Pattern.compile("lineItems\\(first:\\s*(\\d+)");

    private static final Set<String> FULFILLABLE = Set.of("OPEN", "IN_PROGRESS");
    private static final Pattern SKU_TERM = Pattern.compile("sku:\"((?:[^\"\\\\]|\\\\.)*)\"");
    /** Some of the reasons inventorySetQuantities takes (shopify.dev, inventory management apps). */
    private static final Set<String> INVENTORY_REASONS = Set.of("correction", "cycle_count_available", "received",
            "restock", "damaged", "shrinkage", "other");
    /** What each of the writeback's queries and mutations costs here (Shopify computes it per query). */
    private static final double QUERY_COST = 10;

    private final ObjectMapper json;

    public ShopifySandbox(ObjectMapper json) {
        super("shopify", "demo");
        this.json = json;
        resetDemo();
    }

    public SandboxShop createShop(String name, String accessToken) {
        return add(name, new SandboxShop(accessToken));
    }

    @PostMapping(path = "/sandbox/shopify/{shopName}/admin/api/{version}/graphql.json",
            produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Object> graphql(@PathVariable String shopName, @PathVariable String version,
                                          @RequestHeader(name = "X-Shopify-Access-Token", required = false) String token,
                                          @RequestBody String body) throws IOException {
        SandboxShop shop = account(shopName);
        if (shop == null) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("errors", "Not Found"));
        }
        if (!shop.accessToken.equals(token)) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(Map.of("errors",
                    "[API] Invalid API key or access token (unrecognized login or wrong password)"));
        }
        JsonNode request = json.readTree(body);
        String operation = request.path("operationName").asText("");
        JsonNode variables = request.path("variables");
        shop.record(operation, body);
        if (shop.takeOutage()) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(Map.of("errors",
                    "Service Unavailable: Shopify is experiencing technical difficulties"));
        }
        // the rate-limit fault: a costly query from another app has just drained the shop's bucket
        boolean drained = shop.takeRateLimit();
        if (drained || !shop.spend(QUERY_COST)) {
            return ResponseEntity.ok(Map.of(
                    "errors", List.of(Map.of("message", "Throttled", "extensions", Map.of("code", "THROTTLED",
                            "documentation", "https://shopify.dev/api/usage/rate-limits"))),
                    "extensions", Map.of("cost", Map.of("requestedQueryCost", drained ? 100 : QUERY_COST,
                            "throttleStatus", Map.of("maximumAvailable", SandboxShop.BUCKET_SIZE,
                                    "currentlyAvailable", drained ? 20 : shop.available(),
                                    "restoreRate", SandboxShop.RESTORE_RATE)))));
        }
        synchronized (shop) {
            Map<String, Object> data = switch (operation) {
                case "OrderFulfillments", "OrderAllFulfillments" -> Map.of("order", orderView(shop,
                        orderOf(shop, variables.path("id")), request.path("query").asText(),
                        variables.path("after").asText(null)));
                case "FulfillmentOrderLineItems" -> Map.of("fulfillmentOrder", Map.of("lineItems", lineItemsPage(
                        fulfillmentOrder(shop, variables.path("id")), first(LINE_ITEMS_FIRST, request.path("query")
                                .asText()), variables.path("after").asText(null))));
                case "LocationsForMove" -> locationsForMove(shop, variables);
                case "FulfillmentOrderMove" -> Map.of("fulfillmentOrderMove", move(shop, variables));
                case "FulfillmentCreate" -> Map.of("fulfillmentCreate", create(shop, variables.path("fulfillment")));
                case "FulfillmentTrackingInfoUpdate" -> Map.of("fulfillmentTrackingInfoUpdate",
                        updateTracking(shop, variables));
                case "InventoryItemsBySku" -> Map.of("inventoryItems", Map.of("nodes",
                        inventoryItems(shop, variables.path("query").asText())));
                case "InventorySetQuantities" -> Map.of("inventorySetQuantities",
                        setQuantities(shop, variables.path("input")));
                default -> null;
            };
            if (data == null) {
                return ResponseEntity.ok(Map.of("errors", List.of(Map.of("message",
                        "The sandbox does not implement operation '" + operation + "'"))));
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("data", data);
            answer.put("extensions", Map.of("cost", Map.of("requestedQueryCost", QUERY_COST,
                    "actualQueryCost", QUERY_COST, "throttleStatus", Map.of("maximumAvailable",
                            SandboxShop.BUCKET_SIZE, "currentlyAvailable", shop.available(),
                            "restoreRate", SandboxShop.RESTORE_RATE))));
            return ResponseEntity.ok(answer);
        }
    }

    /** {@code inventoryItems(query: "sku:\"A\" OR sku:\"B\"")}: the items of those SKUs. */
    private static List<Map<String, Object>> inventoryItems(SandboxShop shop, String query) {
        List<String> skus = new ArrayList<>();
        Matcher sku = SKU_TERM.matcher(query);
        while (sku.find()) {
            skus.add(sku.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
        }
        return shop.inventoryItems.entrySet().stream().filter(item -> skus.contains(item.getKey()))
                .map(item -> Map.<String, Object>of("id", "gid://shopify/InventoryItem/" + item.getValue(),
                        "sku", item.getKey()))
                .toList();
    }

    /**
     * inventorySetQuantities as Shopify documents it: every quantity checked first, none set when any is refused
     * (userErrors naming it by index), a location that does not stock the item refused.
     */
    private static Map<String, Object> setQuantities(SandboxShop shop, JsonNode input) {
        List<Map<String, Object>> errors = new ArrayList<>();
        if (!Set.of("available", "on_hand").contains(input.path("name").asText())) {
            errors.add(userError("INVALID_NAME", List.of("input", "name"),
                    "The quantity name must be either 'available' or 'on_hand'."));
        }
        if (!INVENTORY_REASONS.contains(input.path("reason").asText())) {
            errors.add(userError("INVALID_REASON", List.of("input", "reason"), "The specified reason is invalid."));
        }
        JsonNode quantities = input.path("quantities");
        Map<String, Integer> changes = new LinkedHashMap<>();
        for (int i = 0; i < quantities.size(); i++) {
            JsonNode quantity = quantities.get(i);
            List<String> field = List.of("input", "quantities", Integer.toString(i), "locationId");
            String sku = shop.inventoryItems.entrySet().stream()
                    .filter(item -> ("gid://shopify/InventoryItem/" + item.getValue())
                            .equals(quantity.path("inventoryItemId").asText()))
                    .map(Map.Entry::getKey).findFirst().orElse(null);
            Location location = shop.locations.get(id(quantity.path("locationId")));
            if (sku == null) {
                errors.add(userError("INVALID_INVENTORY_ITEM", List.of("input", "quantities", Integer.toString(i),
                        "inventoryItemId"), "The specified inventory item could not be found."));
            } else if (location == null) {
                errors.add(userError("INVALID_LOCATION", field, "The specified location could not be found."));
            } else if (!location.stockedSkus().contains(sku)) {
                errors.add(userError("ITEM_NOT_STOCKED_AT_LOCATION", field,
                        "The specified inventory item is not stocked at the location."));
            } else if (quantity.path("quantity").asInt() < 0) {
                errors.add(userError("INVALID_QUANTITY_NEGATIVE", List.of("input", "quantities",
                        Integer.toString(i), "quantity"), "The quantity can't be negative."));
            } else if (!input.path("ignoreCompareQuantity").asBoolean() && !quantity.has("compareQuantity")) {
                errors.add(userError("COMPARE_QUANTITY_REQUIRED", field, "The compareQuantity argument must be"
                        + " given to each quantity or ignored using ignoreCompareQuantity."));
            } else if (changes.put(location.id() + "/" + sku, quantity.path("quantity").asInt()) != null) {
                errors.add(userError("NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR", field,
                        "The combination of inventoryItemId and locationId must be unique."));
            }
        }
        Map<String, Object> payload = nullable("inventoryAdjustmentGroup", errors.isEmpty() ? Map.of("id",
                "gid://shopify/InventoryAdjustmentGroup/" + shop.nextId()) : null);
        payload.put("userErrors", errors);
        if (errors.isEmpty()) {
            shop.quantities.putAll(changes);
        }
        return payload;
    }

    private static Map<String, Object> userError(String code, List<String> field, String message) {
        return Map.of("code", code, "field", field, "message", message);
    }

    private Map<String, Object> locationsForMove(SandboxShop shop, JsonNode variables) {
        FulfillmentOrder fo = fulfillmentOrder(shop, variables.path("id"));
        if (fo == null) {
            return nullable("fulfillmentOrder", null);
        }
        List<Long> lineIds = ids(variables.path("lineItemIds"));
        List<FulfillmentOrderLine> lines = fo.lines.stream()
                .filter(l -> lineIds.isEmpty() || lineIds.contains(l.id)).toList();
        List<Long> wanted = ids(variables.path("locationIds"));
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (Location location : shop.locations.values()) {
            if (location.id() == fo.locationId || !wanted.isEmpty() && !wanted.contains(location.id())) {
                continue;
            }
            List<String> missing = lines.stream().map(l -> l.lineItem.sku())
                    .filter(sku -> !location.stockedSkus().contains(sku)).toList();
            boolean movable = FULFILLABLE.contains(fo.status) && missing.isEmpty();
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("movable", movable);
            node.put("message", movable ? null : !FULFILLABLE.contains(fo.status) ? "Cannot change location."
                    : "Location " + location.name() + " doesn't stock " + String.join(", ", missing));
            node.put("location", Map.of("id", gid("Location", location.id()), "name", location.name()));
            nodes.add(node);
        }
        return Map.of("fulfillmentOrder", Map.of("id", gid("FulfillmentOrder", fo.id),
                "locationsForMove", Map.of("nodes", nodes)));
    }

    private Map<String, Object> move(SandboxShop shop, JsonNode variables) {
        FulfillmentOrder fo = fulfillmentOrder(shop, variables.path("id"));
        if (fo == null) {
            return userError(List.of("id"), "Fulfillment order does not exist.");
        }
        if (!FULFILLABLE.contains(fo.status)) {
            return userError(null, "Cannot change location.");
        }
        Location location = shop.locations.get(id(variables.path("newLocationId")));
        if (location == null) {
            return userError(List.of("id"), "Location not found.");
        }
        Map<Long, Integer> requested = new LinkedHashMap<>();
        variables.path("fulfillmentOrderLineItems").forEach(l -> requested.put(id(l.path("id")), l.path("quantity").asInt()));
        if (requested.isEmpty()) {
            fo.lines.forEach(l -> requested.put(l.id, l.remaining));
        }
        for (var entry : requested.entrySet()) {
            FulfillmentOrderLine line = fo.lines.stream().filter(l -> l.id == entry.getKey()).findFirst().orElse(null);
            if (line == null || entry.getValue() < 1 || entry.getValue() > line.remaining) {
                return userError(List.of("fulfillmentOrderLineItems"), "Invalid fulfillment order line item quantity requested.");
            }
            if (!location.stockedSkus().contains(line.lineItem.sku())) {
                return userError(List.of("id"), "Cannot move the fulfillment order to " + location.name()
                        + ": the location doesn't stock " + line.lineItem.sku() + ".");
            }
        }
        // like Shopify when the new location gets its own fulfillment order: new ids, the original shrinks
        FulfillmentOrder moved = new FulfillmentOrder(shop.nextId(), location.id(), "OPEN");
        requested.forEach((lineId, quantity) -> {
            FulfillmentOrderLine line = fo.lines.stream().filter(l -> l.id == lineId).findFirst().orElseThrow();
            line.remaining -= quantity;
            moved.lines.add(new FulfillmentOrderLine(shop.nextId(), line.lineItem, quantity));
        });
        Order order = shop.orders().stream().filter(o -> o.fulfillmentOrders.contains(fo)).findFirst().orElseThrow();
        order.fulfillmentOrders.add(moved);
        if (fo.lines.stream().allMatch(l -> l.remaining == 0)) {
            fo.status = "CLOSED";
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("movedFulfillmentOrder", Map.of("id", gid("FulfillmentOrder", moved.id), "status", moved.status,
                "assignedLocation", Map.of("location", Map.of("id", gid("Location", location.id())))));
        payload.put("userErrors", List.of());
        return payload;
    }

    private Map<String, Object> create(SandboxShop shop, JsonNode fulfillment) {
        Map<FulfillmentOrderLine, Integer> quantities = new LinkedHashMap<>();
        Long locationId = null;
        Order order = null;
        for (JsonNode group : fulfillment.path("lineItemsByFulfillmentOrder")) {
            FulfillmentOrder fo = fulfillmentOrder(shop, group.path("fulfillmentOrderId"));
            if (fo == null) {
                return userError(List.of("fulfillment"), "Fulfillment order does not exist.");
            }
            if (!FULFILLABLE.contains(fo.status)) {
                return userError(List.of("fulfillment"), "Fulfillment order " + fo.id
                        + " has an unfulfillable status= " + fo.status.toLowerCase() + ".");
            }
            if (locationId != null && locationId != fo.locationId) {
                return userError(List.of("fulfillment"),
                        "All fulfillment orders must be assigned to the same location.");
            }
            locationId = fo.locationId;
            order = shop.orders().stream().filter(o -> o.fulfillmentOrders.contains(fo)).findFirst().orElseThrow();
            JsonNode lines = group.path("fulfillmentOrderLineItems");
            if (lines.isMissingNode() || lines.isNull()) {
                fo.lines.stream().filter(l -> l.remaining > 0).forEach(l -> quantities.put(l, l.remaining));
                continue;
            }
            for (JsonNode requested : lines) {
                FulfillmentOrderLine line = fo.lines.stream().filter(l -> l.id == id(requested.path("id")))
                        .findFirst().orElse(null);
                int quantity = requested.path("quantity").asInt();
                if (line == null || quantity < 1 || quantity > line.remaining) {
                    return userError(List.of("fulfillment"), "Invalid fulfillment order line item quantity requested.");
                }
                quantities.put(line, quantity);
            }
        }
        if (order == null) {
            return userError(List.of("fulfillment", "lineItemsByFulfillmentOrder"), "Line items can't be blank.");
        }
        Map<Long, Integer> byLineItem = new LinkedHashMap<>();
        quantities.forEach((line, quantity) -> {
            line.remaining -= quantity;
            byLineItem.merge(line.lineItem.id(), quantity, Integer::sum);
        });
        order.fulfillmentOrders.forEach(fo -> {
            if (FULFILLABLE.contains(fo.status)) {
                boolean done = fo.lines.stream().allMatch(l -> l.remaining == 0);
                boolean started = fo.lines.stream().anyMatch(l -> l.remaining < l.lineItem.quantity());
                fo.status = done ? "CLOSED" : started ? "IN_PROGRESS" : fo.status;
            }
        });
        JsonNode tracking = fulfillment.path("trackingInfo");
        Fulfillment created = new Fulfillment(shop.nextId(), order.name + "." + (order.fulfillments.size() + 1),
                "SUCCESS", locationId, text(tracking.path("company")), text(tracking.path("number")), text(tracking.path("url")),
                fulfillment.path("notifyCustomer").asBoolean(false), byLineItem);
        order.fulfillments.add(created);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("fulfillment", Map.of("id", gid("Fulfillment", created.id()), "name", created.name(),
                "status", created.status(), "trackingInfo", trackingInfo(created)));
        payload.put("userErrors", List.of());
        return payload;
    }

    private static Map<String, Object> updateTracking(SandboxShop shop, JsonNode variables) {
        long id = id(variables.path("fulfillmentId"));
        for (Order order : shop.orders()) {
            for (int i = 0; i < order.fulfillments.size(); i++) {
                Fulfillment old = order.fulfillments.get(i);
                if (old.id() == id) {
                    JsonNode tracking = variables.path("trackingInfoInput");
                    Fulfillment updated = new Fulfillment(old.id(), old.name(), old.status(), old.locationId(),
                            text(tracking.path("company")), text(tracking.path("number")), text(tracking.path("url")),
                            variables.path("notifyCustomer").asBoolean(false), old.lineItemQuantities());
                    order.fulfillments.set(i, updated);
                    Map<String, Object> payload = new LinkedHashMap<>();
                    payload.put("fulfillment", Map.of("id", gid("Fulfillment", updated.id()), "name", updated.name(),
                            "trackingInfo", trackingInfo(updated)));
                    payload.put("userErrors", List.of());
                    return payload;
                }
            }
        }
        return userError(List.of("fulfillmentId"), "Fulfillment does not exist.");
    }

    /** How many of a list the query asks for ({@code field(first: n)}), as Shopify gives no more. */
    private static int first(Pattern field, String query) {
        Matcher first = field.matcher(query);
        return first.find() ? Integer.parseInt(first.group(1)) : Integer.MAX_VALUE;
    }

    /** One page of a connection: {@code first} nodes after the cursor (a node's position), with Shopify's pageInfo. */
    private static <T> Map<String, Object> page(List<T> all, int first, String after,
                                                Function<T, Object> view) {
        int from = after == null ? 0 : Integer.parseInt(after);
        int to = (int) Math.min(all.size(), (long) from + first);
        Map<String, Object> pageInfo = new LinkedHashMap<>();
        pageInfo.put("hasNextPage", to < all.size());
        pageInfo.put("endCursor", Integer.toString(to));
        return Map.of("pageInfo", pageInfo, "nodes", all.subList(from, to).stream().map(view).toList());
    }

    private static Map<String, Object> lineItemsPage(FulfillmentOrder fo, int first, String after) {
        return page(fo.lines, first, after, l -> Map.of(
                "id", gid("FulfillmentOrderLineItem", l.id),
                "remainingQuantity", l.remaining,
                "totalQuantity", l.lineItem.quantity(),
                "lineItem", Map.of("id", gid("LineItem", l.lineItem.id()), "sku", l.lineItem.sku())));
    }

    private static Map<String, Object> orderView(SandboxShop shop, Order order, String query, String after) {
        if (order == null) {
            return null;
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", gid("Order", order.id));
        view.put("name", order.name);
        int lines = first(LINE_ITEMS_FIRST, query);
        view.put("fulfillmentOrders", page(order.fulfillmentOrders, first(FULFILLMENT_ORDERS_FIRST, query), after,
                fo -> Map.of(
                        "id", gid("FulfillmentOrder", fo.id),
                        "status", fo.status,
                        "supportedActions", (FULFILLABLE.contains(fo.status)
                                ? List.of("CREATE_FULFILLMENT", "MOVE", "HOLD") : List.<String>of()).stream()
                                .map(a -> Map.of("action", a)).toList(),
                        "assignedLocation", Map.of("location", Map.of("id", gid("Location", fo.locationId),
                                "name", shop.locations.get(fo.locationId).name())),
                        "lineItems", lineItemsPage(fo, lines, null))));
        view.put("fulfillments", order.fulfillments.stream().limit(first(FULFILLMENTS_FIRST, query)).map(f -> Map.of(
                "id", gid("Fulfillment", f.id()),
                "name", f.name(),
                "status", f.status(),
                "trackingInfo", trackingInfo(f)))
                .toList());
        return view;
    }

    private static List<Map<String, Object>> trackingInfo(Fulfillment f) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("company", f.company());
        info.put("number", f.number());
        info.put("url", f.url());
        return List.of(info);
    }

    private static Order orderOf(SandboxShop shop, JsonNode gid) {
        return shop.orders.get(id(gid));
    }

    private static FulfillmentOrder fulfillmentOrder(SandboxShop shop, JsonNode gid) {
        long id = id(gid);
        return shop.orders().stream().flatMap(o -> o.fulfillmentOrders.stream()).filter(fo -> fo.id == id)
                .findFirst().orElse(null);
    }

    private static Map<String, Object> userError(List<String> field, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("field", field);
        error.put("message", message);
        return nullable("userErrors", List.of(error));
    }

    private static Map<String, Object> nullable(String key, Object value) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(key, value);
        return map;
    }

    private static List<Long> ids(JsonNode gids) {
        return StreamSupport.stream(gids.spliterator(), false).map(ShopifySandbox::id).toList();
    }

    private static long id(JsonNode gid) {
        String text = gid.asText("");
        try {
            return Long.parseLong(text.substring(text.lastIndexOf('/') + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String text(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : node.asText();
    }

    static String gid(String type, long id) {
        return "gid://shopify/" + type + "/" + id;
    }

    /** The shop behind the default {@code sandbox-shopify} store; the README's samples are orders of it. */
    @Override
    protected SandboxShop demo() {
        return new SandboxShop("sandbox-token")
                .location(1, "Main Warehouse", "TEE-RED-M", "MUG-WHITE", "HAT-BLUE", "POSTER-XL", "SOCKS-3PK")
                .location(2, "East Coast DC", "TEE-RED-M", "HAT-BLUE")
                .location(3, "Retail Store", "TEE-RED-M", "MUG-WHITE")
                // #1001: ships from WH-A (Main Warehouse), where its fulfillment order already is
                .order(450789469L, "#1001", 1, 1071823L, "TEE-RED-M", 2, 1071824L, "MUG-WHITE", 1)
                // #1002: sits at East Coast DC; shipping from WH-A moves it to Main Warehouse
                .order(450789470L, "#1002", 2, 1071830L, "HAT-BLUE", 1)
                // #1003: ships from WH-C (Retail Store), which does not stock POSTER-XL
                .order(450789471L, "#1003", 1, 1071840L, "POSTER-XL", 1)
                // #1004: already fulfilled in Shopify with another tracking number
                .order(450789472L, "#1004", 1, 1071850L, "SOCKS-3PK", 1)
                .fulfilled(450789472L, "UPS", "1Z999AA10123456784")
                // #1005: ships from WH-B, which is not mapped until the walkthrough maps it
                .order(450789473L, "#1005", 1, 1071860L, "TEE-RED-M", 1)
                // #1006: its line items changed in Shopify; the shipment names a line that is no longer there
                .order(450789474L, "#1006", 1, 1071871L, "MUG-WHITE", 2);
    }
}
