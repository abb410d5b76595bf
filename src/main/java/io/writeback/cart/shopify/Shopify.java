package io.writeback.cart.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.writeback.carrier.Tracking;
import io.writeback.cart.CartAdapter;
import io.writeback.cart.CartAdapterSupport;
import io.writeback.cart.CartReceipt;
import io.writeback.cart.CartRefusals;
import io.writeback.cart.CartRequest;
import io.writeback.channel.Channel;
import io.writeback.failure.FailureCategory;
import io.writeback.failure.WritebackFailure;
import io.writeback.inventory.InventoryLevel;
import io.writeback.ledger.SyncedShipment;
import io.writeback.pacing.RateStatus;
import io.writeback.shipment.Shipment;
import io.writeback.shipment.ShipmentEvent;
import io.writeback.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * Shopify, through the Admin GraphQL API (carts.md §1): read the order's fulfillment orders, move the ones holding
 * the shipment's lines to the mapped location when they sit elsewhere, then {@code fulfillmentCreate} with the
 * tracking. An order already fulfilled with the same tracking number is a success without a second fulfillment.
 */
@Component("shopify")
public class Shopify extends CartAdapter {

    private static final Set<String> FULFILLABLE = Set.of("OPEN", "IN_PROGRESS");
    private static final Set<String> VOID_FULFILLMENT = Set.of("CANCELLED", "ERROR", "FAILURE");
    private static final Pattern STOCK = Pattern.compile("(?i).*(stock|inventory).*");
    /** fulfillmentCreate's userErrors: an order fulfilled already, or lines that do not match. */
    private static final CartRefusals REFUSALS = CartRefusals.reading()
            .when(FailureCategory.ALREADY_SHIPPED, List.of("unfulfillable status", "already fulfilled"))
            .when(FailureCategory.ITEMS_MISMATCH, List.of("quantity", "line item"));
    /** Points a query is assumed to cost until Shopify has said (a mutation costs 10; a small read about as much). */
    private static final double ESTIMATED_QUERY_COST = 10;
    /** How many fulfillments OrderFulfillments reads ({@code fulfillments(first: 10)}). */
    private static final int FULFILLMENTS_FIRST_PAGE = 10;
    /** inventorySetQuantities takes at most 250 quantities a call. */
    private static final int QUANTITIES_PER_MUTATION = 250;
    /**
     * SKUs one inventoryItems lookup asks for (a search query of bounded length), and the page it reads: room for a
     * SKU that several variants share, while Shopify's requested cost (about one point per item of the page) stays
     * near 100 points.
     */
    private static final int SKUS_PER_LOOKUP = 50;
    private static final int INVENTORY_ITEMS_PAGE = 100;

    private final Map<String, String> documents = new HashMap<>();
    private final Map<String, Double> queryCosts = new ConcurrentHashMap<>(Map.of(
            "OrderFulfillments", ESTIMATED_QUERY_COST, "FulfillmentCreate", ESTIMATED_QUERY_COST,
            "InventoryItemsBySku", ESTIMATED_QUERY_COST, "InventorySetQuantities", ESTIMATED_QUERY_COST));
    /**
     * Per store, each SKU's inventory item id, as Shopify last said: looked up once, then taken from here (dropped
     * when Shopify says the item is no longer there).
     */
    private final Map<String, Map<String, String>> inventoryItems = new ConcurrentHashMap<>();

    public Shopify(CartAdapterSupport support) {
        super(support);
        for (String operation : List.of("OrderFulfillments", "FulfillmentOrderLineItems", "OrderAllFulfillments",
                "LocationsForMove", "FulfillmentOrderMove", "FulfillmentCreate", "FulfillmentTrackingInfoUpdate",
                "InventoryItemsBySku", "InventorySetQuantities")) {
            documents.put(operation, document(operation));
        }
    }

    @Override
    protected CartReceipt send(Shipment shipment, String locationId, String unconfirmedTracking) {
        ShipmentEvent event = shipment.event();
        Store store = shipment.store();
        Tracking tracking = shipment.tracking();
        Map<String, Object> trackingInfo = trackingInfo(tracking);
        String orderId = gid("Order", event.channelOrderId(), "channelOrderId");
        Order order = readOrder(store, orderId);

        Fulfillment existing = order.fulfillmentWithTracking(tracking);
        if (existing == null && order.fulfillments().size() >= FULFILLMENTS_FIRST_PAGE) {
            // the first page was full: the fulfillment with this tracking may be on none of it
            existing = Order.from(graphql(store, "OrderAllFulfillments", Map.of("id", orderId)).path("order"),
                    List.of()).fulfillmentWithTracking(tracking);
        }
        if (existing != null) {
            return new CartReceipt(existing.id(), "Already in Shopify: fulfillment " + existing.name()
                    + " of order " + order.name() + " has tracking " + tracking.number() + "; nothing written again");
        }

        Map<FulfillmentOrder, List<Allocation>> plan = plan(order, event, locationId);
        List<String> moves = new ArrayList<>();
        for (FulfillmentOrder fulfillmentOrder : plan.keySet()) {
            if (!locationId.equals(fulfillmentOrder.locationId())) {
                move(store, order, fulfillmentOrder, plan.get(fulfillmentOrder), locationId, event);
                moves.add(fulfillmentOrder.locationName() + " → " + locationId);
            }
        }
        if (!moves.isEmpty()) {
            order = readOrder(store, orderId); // a move may create new fulfillment orders with new ids
            plan = plan(order, event, locationId);
            for (FulfillmentOrder fulfillmentOrder : plan.keySet()) {
                if (!locationId.equals(fulfillmentOrder.locationId())) {
                    throw new WritebackFailure(FailureCategory.REJECTED, "Shopify did not move order " + order.name()
                            + " to location " + locationId + " (still at " + fulfillmentOrder.locationName() + ")");
                }
            }
        }

        boolean notify = shipment.notifyCustomer();
        JsonNode created = graphql(store, "FulfillmentCreate", Map.of("fulfillment", Map.of(
                "notifyCustomer", notify,
                "trackingInfo", trackingInfo,
                "lineItemsByFulfillmentOrder", plan.entrySet().stream().map(entry -> Map.of(
                        "fulfillmentOrderId", entry.getKey().id(),
                        "fulfillmentOrderLineItems", entry.getValue().stream()
                                .map(a -> Map.of("id", a.fulfillmentOrderLineItemId(), "quantity", a.quantity()))
                                .toList())).toList())))
                .path("fulfillmentCreate");
        rejectOnUserErrors(created, order, "create the fulfillment");
        JsonNode fulfillment = created.path("fulfillment");
        return new CartReceipt(fulfillment.path("id").asText(), "Tracking " + tracking.carrierName() + " "
                + tracking.number() + " written back to Shopify order " + order.name() + " as fulfillment "
                + fulfillment.path("name").asText(fulfillment.path("id").asText())
                + (moves.isEmpty() ? "" : " after moving it to the mapped location (" + String.join(", ", moves) + ")")
                + (notify ? "; customer notified" : "; customer not notified"));
    }

    /** {@code fulfillmentTrackingInfoUpdate} on the fulfillment the shipment was written back as. */
    @Override
    protected CartReceipt replaceTracking(Shipment shipment, SyncedShipment previous, String locationId) {
        Tracking tracking = shipment.tracking();
        Map<String, Object> variables = Map.of("fulfillmentId", previous.channelReference(),
                "trackingInfoInput", trackingInfo(tracking), "notifyCustomer", shipment.notifyCustomer());
        JsonNode updated = graphql(shipment.store(), "FulfillmentTrackingInfoUpdate", variables)
                .path("fulfillmentTrackingInfoUpdate");
        List<String> errors = userErrors(updated);
        if (!errors.isEmpty()) {
            throw new WritebackFailure(FailureCategory.REJECTED, "Shopify refused to replace the tracking of"
                    + " fulfillment " + previous.channelReference() + ": " + String.join("; ", errors));
        }
        return new CartReceipt(previous.channelReference(), "Tracking of Shopify fulfillment "
                + updated.path("fulfillment").path("name").asText(previous.channelReference()) + " replaced: "
                + previous.trackingNumber() + " → " + tracking.carrierName() + " " + tracking.number()
                + " (confirmed resend)");
    }

    /** Shopify's trackingInfo: the company exactly as Shopify lists it, the number, and always a tracking URL. */
    private static Map<String, Object> trackingInfo(Tracking tracking) {
        if (tracking.url() == null) {
            throw new WritebackFailure(FailureCategory.INVALID_CARRIER, "Shopify cannot link tracking for carrier '"
                    + tracking.carrierName() + "': send the tracking page as trackingUrl in the event");
        }
        return Map.of("company", tracking.carrier().cartName(Channel.SHOPIFY).orElse(tracking.carrierName()),
                "number", tracking.number(), "url", tracking.url());
    }

    /** Which open fulfillment-order lines carry the shipment's items, preferring lines already at the location. */
    static Map<FulfillmentOrder, List<Allocation>> plan(Order order, ShipmentEvent event, String locationId) {
        Map<String, Integer> available = new HashMap<>();
        order.fulfillmentOrders().forEach(fo -> fo.lines().forEach(l -> available.put(l.id(), l.remaining())));
        Map<FulfillmentOrder, List<Allocation>> plan = new LinkedHashMap<>();
        for (ShipmentEvent.Item item : event.items()) {
            String lineItemId = gid("LineItem", item.channelLineItemId(), "items[].channelLineItemId");
            List<Map.Entry<FulfillmentOrder, FulfillmentOrderLine>> lines = order.linesFor(lineItemId);
            if (lines.isEmpty()) {
                throw new WritebackFailure(FailureCategory.ITEMS_MISMATCH, "Line item " + item.channelLineItemId()
                        + sku(item) + " is not on Shopify order " + order.name()
                        + ": the products no longer match the cart's order. Check the order in Shopify");
            }
            List<Map.Entry<FulfillmentOrder, FulfillmentOrderLine>> open = lines.stream()
                    .filter(e -> FULFILLABLE.contains(e.getKey().status()) && available.get(e.getValue().id()) > 0)
                    .sorted(Comparator.comparing(e -> !e.getKey().locationId().equals(locationId)))
                    .toList();
            int remaining = open.stream().mapToInt(e -> available.get(e.getValue().id())).sum();
            if (remaining == 0) {
                lines.stream().filter(e -> e.getValue().remaining() > 0).findFirst().ifPresent(held -> {
                    throw new WritebackFailure(FailureCategory.REJECTED, "Line item " + item.channelLineItemId()
                            + sku(item) + " of Shopify order " + order.name() + " is on a fulfillment order with status "
                            + held.getKey().status() + ": release or reopen it in Shopify, then retry");
                });
                throw new WritebackFailure(FailureCategory.ALREADY_SHIPPED, "Line item " + item.channelLineItemId()
                        + sku(item) + " of Shopify order " + order.name() + " is already fulfilled"
                        + order.describeFulfillments() + ". If this label replaces that one, confirm a resend");
            }
            if (remaining < item.quantity()) {
                throw new WritebackFailure(FailureCategory.ITEMS_MISMATCH, "Shipment " + event.shipmentId()
                        + " ships " + item.quantity() + " of line item " + item.channelLineItemId() + sku(item)
                        + " but only " + remaining + " remain unfulfilled on Shopify order " + order.name());
            }
            int toAllocate = item.quantity();
            for (var entry : open) {
                int take = Math.min(toAllocate, available.get(entry.getValue().id()));
                if (take == 0) {
                    break;
                }
                available.merge(entry.getValue().id(), -take, Integer::sum);
                plan.computeIfAbsent(entry.getKey(), fo -> new ArrayList<>())
                        .add(new Allocation(entry.getValue().id(), take));
                toAllocate -= take;
            }
        }
        return plan;
    }

    private void move(Store store, Order order, FulfillmentOrder fulfillmentOrder, List<Allocation> allocations,
                      String locationId, ShipmentEvent event) {
        String where = "Shopify order " + order.name() + " from " + fulfillmentOrder.locationName()
                + " to location " + locationId + " (mapped to warehouse " + event.warehouseId() + ")";
        if (!fulfillmentOrder.actions().contains("MOVE")) {
            throw new WritebackFailure(FailureCategory.REJECTED, "Cannot move " + where
                    + ": Shopify does not allow moving its fulfillment order (status " + fulfillmentOrder.status() + ")");
        }
        List<String> lineIds = allocations.stream().map(Allocation::fulfillmentOrderLineItemId).toList();
        JsonNode candidates = graphql(store, "LocationsForMove", Map.of("id", fulfillmentOrder.id(),
                "lineItemIds", lineIds, "locationIds", List.of(locationId)))
                .path("fulfillmentOrder").path("locationsForMove").path("nodes");
        JsonNode target = nodes(candidates).filter(n -> locationId.equals(n.path("location").path("id").asText()))
                .findFirst().orElseThrow(() -> new WritebackFailure(FailureCategory.REJECTED, "Cannot move " + where
                        + ": Shopify does not offer that location for this order. Check the warehouse's mapping"));
        if (!target.path("movable").asBoolean()) {
            String message = target.path("message").asText("");
            throw notMovable(where, message);
        }
        JsonNode moved = graphql(store, "FulfillmentOrderMove", Map.of("id", fulfillmentOrder.id(),
                "newLocationId", locationId, "fulfillmentOrderLineItems", allocations.stream()
                        .map(a -> Map.of("id", a.fulfillmentOrderLineItemId(), "quantity", a.quantity())).toList()))
                .path("fulfillmentOrderMove");
        List<String> errors = userErrors(moved);
        if (!errors.isEmpty()) {
            throw notMovable(where, String.join("; ", errors));
        }
    }

    private static WritebackFailure notMovable(String where, String shopifySays) {
        String said = shopifySays.isBlank() ? "" : " Shopify says: " + shopifySays + ".";
        if (shopifySays.isBlank() || STOCK.matcher(shopifySays).matches()) {
            return new WritebackFailure(FailureCategory.LOCATION_NOT_STOCKED, "Cannot move " + where
                    + ": the location does not stock every product of the shipment." + said
                    + " Assign the products to that location in Shopify (or map the warehouse to another), then retry");
        }
        return new WritebackFailure(FailureCategory.REJECTED, "Cannot move " + where + "." + said);
    }

    private static void rejectOnUserErrors(JsonNode payload, Order order, String action) {
        List<String> errors = userErrors(payload);
        if (errors.isEmpty()) {
            return;
        }
        String said = String.join("; ", errors);
        throw new WritebackFailure(REFUSALS.categoryOf(said, FailureCategory.REJECTED),
                "Shopify refused to " + action + " for order " + order.name() + ": " + said);
    }

    private static List<String> userErrors(JsonNode payload) {
        return nodes(payload.path("userErrors")).map(e -> e.path("message").asText()).toList();
    }

    /** The order with every fulfillment order and every line of each (each page of them). */
    private Order readOrder(Store store, String orderId) {
        JsonNode order = graphql(store, "OrderFulfillments", Map.of("id", orderId)).path("order");
        if (order.isMissingNode() || order.isNull()) {
            throw new WritebackFailure(FailureCategory.REJECTED, "Order " + orderId + " was not found in Shopify store "
                    + store.id() + ": check the event's channelOrderId");
        }
        List<JsonNode> fulfillmentOrders = new ArrayList<>();
        JsonNode page = order.path("fulfillmentOrders");
        while (true) {
            page.path("nodes").forEach(fulfillmentOrder -> fulfillmentOrders.add(withEveryLine(store,
                    fulfillmentOrder)));
            if (!page.path("pageInfo").path("hasNextPage").asBoolean()) {
                return Order.from(order, fulfillmentOrders);
            }
            page = graphql(store, "OrderFulfillments", Map.of("id", orderId, "after",
                    page.path("pageInfo").path("endCursor").asText())).path("order").path("fulfillmentOrders");
        }
    }

    /** The fulfillment order with all its lines: those beyond the first page come from FulfillmentOrderLineItems. */
    private JsonNode withEveryLine(Store store, JsonNode fulfillmentOrder) {
        JsonNode page = fulfillmentOrder.path("lineItems");
        if (!page.path("pageInfo").path("hasNextPage").asBoolean()) {
            return fulfillmentOrder;
        }
        ArrayNode lines = JsonNodeFactory.instance.arrayNode();
        while (true) {
            page.path("nodes").forEach(lines::add);
            if (!page.path("pageInfo").path("hasNextPage").asBoolean()) {
                ObjectNode complete = fulfillmentOrder.deepCopy();
                complete.putObject("lineItems").set("nodes", lines);
                return complete;
            }
            page = graphql(store, "FulfillmentOrderLineItems", Map.of("id", fulfillmentOrder.path("id").asText(),
                    "after", page.path("pageInfo").path("endCursor").asText())).path("fulfillmentOrder")
                    .path("lineItems");
        }
    }

    @Override
    public boolean inventoryPerLocation() {
        return true;
    }

    /**
     * One inventorySetQuantities per {@link #QUANTITIES_PER_MUTATION} quantities, and a lookup per
     * {@link #SKUS_PER_LOOKUP} of the SKUs whose items are not known yet, at what they cost the last time Shopify said.
     */
    @Override
    public double inventoryWriteCost(Store store, List<InventoryLevel> levels) {
        Map<String, String> known = inventoryItems.getOrDefault(store.id(), Map.of());
        long unknown = levels.stream().map(InventoryLevel::sku).distinct().filter(sku -> !known.containsKey(sku))
                .count();
        return Math.ceil(levels.size() / (double) QUANTITIES_PER_MUTATION) * queryCosts.get("InventorySetQuantities")
                + Math.ceil(unknown / (double) SKUS_PER_LOOKUP) * queryCosts.get("InventoryItemsBySku");
    }

    /**
     * {@code inventorySetQuantities} with the name {@code available} and the reason {@code correction}, at most 250
     * quantities a call, each SKU's inventory item looked up once. No compare quantity: the warehouse's count is the
     * truth the cart is overwritten with, and a quantity Shopify changed since (an order) would fail the compare every
     * time; two of our writes never overlap (one write of a store at a time, newer counts only).
     */
    @Override
    protected Map<InventoryLevel, WritebackFailure> sendInventory(Store store, List<InventoryLevel> levels) {
        Map<InventoryLevel, WritebackFailure> refused = new LinkedHashMap<>();
        Set<String> lookedUp = new HashSet<>();
        Map<String, String> items = inventoryItemIds(store, levels, refused, lookedUp);
        List<InventoryLevel> known = levels.stream().filter(level -> !refused.containsKey(level)).toList();
        for (int from = 0; from < known.size(); from += QUANTITIES_PER_MUTATION) {
            setQuantities(store, known.subList(from, Math.min(known.size(), from + QUANTITIES_PER_MUTATION)), items,
                    refused, lookedUp);
        }
        return refused;
    }

    /**
     * Sets the quantities; when Shopify refuses some it applies none, and names each refused one by its index: those
     * fail, the rest are sent again. An item id from the cache that Shopify no longer knows (the variant was
     * recreated) is looked up once more and its quantity sent again with the new id.
     */
    private void setQuantities(Store store, List<InventoryLevel> batch, Map<String, String> items,
                               Map<InventoryLevel, WritebackFailure> refused, Set<String> lookedUp) {
        List<InventoryLevel> remaining = new ArrayList<>(batch);
        while (!remaining.isEmpty()) {
            JsonNode result = graphql(store, "InventorySetQuantities", Map.of("input", Map.of(
                    "name", "available",
                    "reason", "correction",
                    "ignoreCompareQuantity", true,
                    "quantities", remaining.stream().map(level -> Map.of(
                            "inventoryItemId", items.get(level.sku()),
                            "locationId", level.locationId(),
                            "quantity", level.quantity())).toList()))).path("inventorySetQuantities");
            List<JsonNode> errors = nodes(result.path("userErrors")).toList();
            if (errors.isEmpty()) {
                return;
            }
            List<InventoryLevel> named = new ArrayList<>();
            List<InventoryLevel> stale = new ArrayList<>();
            for (JsonNode error : errors) {
                JsonNode field = error.path("field");
                int index = field.size() > 2 && "quantities".equals(field.get(1).asText())
                        ? field.get(2).asInt(-1) : -1;
                if (index < 0 || index >= remaining.size()) {
                    // not about one quantity: the whole batch is refused
                    remaining.forEach(level -> refused.put(level, inventoryRefusal(store, level, error)));
                    return;
                }
                InventoryLevel level = remaining.get(index);
                boolean unknownItem = "INVALID_INVENTORY_ITEM".equals(error.path("code").asText());
                if (unknownItem) {
                    inventoryItems.getOrDefault(store.id(), Map.of()).remove(level.sku());
                }
                if (unknownItem && !lookedUp.contains(level.sku())) {
                    stale.add(level);
                } else {
                    refused.put(level, inventoryRefusal(store, level, error));
                    named.add(level);
                }
            }
            remaining.removeAll(named);
            if (!stale.isEmpty()) {
                items.putAll(inventoryItemIds(store, stale, refused, lookedUp));
                remaining.removeIf(refused::containsKey);
            }
        }
    }

    private static WritebackFailure inventoryRefusal(Store store, InventoryLevel level, JsonNode error) {
        String said = "Shopify refused " + level.describe() + " (" + error.path("code").asText("error") + ": "
                + error.path("message").asText() + ")";
        String warehouses = level.warehouses();
        return switch (error.path("code").asText()) {
            case "ITEM_NOT_STOCKED_AT_LOCATION" -> new WritebackFailure(FailureCategory.LOCATION_NOT_STOCKED, said
                    + ": stock SKU " + level.sku() + " at that location in Shopify, or map warehouse " + warehouses
                    + " to a location that stocks it");
            case "INVALID_LOCATION" -> new WritebackFailure(FailureCategory.LOCATION_NOT_MAPPED, said
                    + ": map warehouse " + warehouses + " of store " + store.id() + " to a location Shopify has");
            case "INVALID_INVENTORY_ITEM" -> new WritebackFailure(FailureCategory.ITEMS_MISMATCH, said
                    + ": Shopify has no inventory item for SKU " + level.sku() + " any more");
            default -> new WritebackFailure(FailureCategory.REJECTED, said);
        };
    }

    /**
     * Each SKU's inventory item id, from the store's cache or looked up ({@code inventoryItems} by {@code sku:}, an
     * exact match kept; {@code lookedUp} notes which were); a SKU Shopify has on no item, or on several, is refused
     * for every level of it.
     */
    private Map<String, String> inventoryItemIds(Store store, List<InventoryLevel> levels,
                                                 Map<InventoryLevel, WritebackFailure> refused, Set<String> lookedUp) {
        Map<String, String> cached = inventoryItems.computeIfAbsent(store.id(), id -> new ConcurrentHashMap<>());
        List<String> unknown = levels.stream().map(InventoryLevel::sku).distinct()
                .filter(sku -> !cached.containsKey(sku)).toList();
        Map<String, String> problems = new HashMap<>();
        for (int from = 0; from < unknown.size(); from += SKUS_PER_LOOKUP) {
            List<String> lookup = unknown.subList(from, Math.min(unknown.size(), from + SKUS_PER_LOOKUP));
            String query = String.join(" OR ", lookup.stream().map(sku -> "sku:\"" + sku.replace("\\", "\\\\")
                    .replace("\"", "\\\"") + "\"").toList());
            Map<String, List<String>> found = new HashMap<>();
            nodes(graphql(store, "InventoryItemsBySku", Map.of("query", query, "first", INVENTORY_ITEMS_PAGE))
                    .path("inventoryItems").path("nodes"))
                    .filter(item -> lookup.contains(item.path("sku").asText()))
                    .forEach(item -> found.computeIfAbsent(item.path("sku").asText(), sku -> new ArrayList<>())
                            .add(item.path("id").asText()));
            lookedUp.addAll(lookup);
            for (String sku : lookup) {
                List<String> ids = found.getOrDefault(sku, List.of());
                if (ids.size() == 1) {
                    cached.put(sku, ids.get(0));
                } else {
                    problems.put(sku, ids.isEmpty() ? "no product variant of Shopify store " + store.id()
                            + " has SKU " + sku + ": check the SKU in Shopify"
                            : ids.size() + " product variants of Shopify store " + store.id() + " have SKU " + sku
                            + ": inventory is written to one; give each variant a SKU of its own");
                }
            }
        }
        levels.stream().filter(level -> problems.containsKey(level.sku())).forEach(level -> refused.put(level,
                new WritebackFailure(FailureCategory.ITEMS_MISMATCH, "Cannot write " + level.describe() + ": "
                        + problems.get(level.sku()))));
        return new HashMap<>(cached);
    }

    @Override
    protected CartRequest signed(Store store, CartRequest request) {
        return request.header("X-Shopify-Access-Token", store.config().accessToken());
    }

    /** Runs one GraphQL operation; business errors come back as 200 with top-level "errors" and are classified. */
    private JsonNode graphql(Store store, String operation, Map<String, Object> variables) {
        URI uri = URI.create(store.config().baseUrl() + "/admin/api/" + store.config().apiVersion() + "/graphql.json");
        JsonNode root = http.readJson(store, call(store, http.jsonRequest("POST", uri, Map.of(
                "query", documents.get(operation), "operationName", operation, "variables", variables))));
        JsonNode cost = root.path("extensions").path("cost");
        JsonNode throttleStatus = cost.path("throttleStatus");
        if (throttleStatus.isObject()) {
            http.reportRateStatus(store, new RateStatus(number(throttleStatus, "maximumAvailable"),
                    number(throttleStatus, "currentlyAvailable"), number(throttleStatus, "restoreRate")));
        }
        if (cost.path("actualQueryCost").isNumber()) {
            queryCosts.put(operation, cost.path("actualQueryCost").asDouble());
        }
        JsonNode errors = root.path("errors");
        if (errors.isArray() && !errors.isEmpty() || errors.isTextual()) {
            boolean throttled = nodes(errors).anyMatch(e -> "THROTTLED".equals(e.path("extensions").path("code").asText()));
            if (throttled) {
                throw new WritebackFailure(FailureCategory.RATE_LIMITED, "Shopify store " + store.id()
                        + " throttled the " + operation + " request (GraphQL cost limit)", throttleWait(root));
            }
            String messages = errors.isTextual() ? errors.asText()
                    : String.join("; ", nodes(errors).map(e -> e.path("message").asText()).toList());
            throw new WritebackFailure(FailureCategory.REJECTED, "Shopify rejected the " + operation + " request: "
                    + messages);
        }
        return root.path("data");
    }

    /**
     * A write reads the order and creates the fulfillment: the points those queries cost the last time Shopify
     * answered them ({@code actualQueryCost}), or an estimate until it has.
     */
    @Override
    public double writeCost() {
        return queryCosts.get("OrderFulfillments") + queryCosts.get("FulfillmentCreate");
    }

    private static Double number(JsonNode node, String field) {
        return node.path(field).isNumber() ? node.path(field).asDouble() : null;
    }

    /** (requested cost − currently available) / restore rate, from the answer's extensions.cost. */
    private static Duration throttleWait(JsonNode root) {
        JsonNode cost = root.path("extensions").path("cost");
        double requested = cost.path("requestedQueryCost").asDouble(0);
        JsonNode status = cost.path("throttleStatus");
        double available = status.path("currentlyAvailable").asDouble(0);
        double restoreRate = status.path("restoreRate").asDouble(0);
        if (restoreRate <= 0) {
            return null;
        }
        return Duration.ofMillis((long) Math.ceil(Math.max(requested - available, 0) / restoreRate * 1000));
    }

    private static String gid(String type, String id, String field) {
        String prefix = "gid://shopify/" + type + "/";
        if (id.startsWith(prefix) && id.substring(prefix.length()).matches("[0-9]+") || id.matches("[0-9]+")) {
            return id.startsWith(prefix) ? id : prefix + id;
        }
        throw new WritebackFailure(FailureCategory.INVALID_MESSAGE, "Field '" + field + "' must be a Shopify "
                + type + " id (a number or " + prefix + "…), got \"" + id + "\"");
    }

    private static String sku(ShipmentEvent.Item item) {
        return item.sku() == null ? "" : " (SKU " + item.sku() + ")";
    }

    private static java.util.stream.Stream<JsonNode> nodes(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false);
    }

    private static String document(String operation) {
        try {
            return new ClassPathResource("shopify/" + operation + ".graphql").getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Allocation(String fulfillmentOrderLineItemId, int quantity) {
    }

    record FulfillmentOrderLine(String id, String lineItemId, int remaining) {
    }

    record FulfillmentOrder(String id, String status, Set<String> actions, String locationId,
                                    String locationName, List<FulfillmentOrderLine> lines) {
    }

    record Fulfillment(String id, String name, String status, List<String> trackingNumbers) {
    }

    record Order(String id, String name, List<FulfillmentOrder> fulfillmentOrders,
                         List<Fulfillment> fulfillments) {

        static Order from(JsonNode order, List<JsonNode> fulfillmentOrderNodes) {
            List<FulfillmentOrder> fulfillmentOrders = fulfillmentOrderNodes.stream()
                    .map(fo -> new FulfillmentOrder(fo.path("id").asText(), fo.path("status").asText(),
                            new LinkedHashSet<>(nodes(fo.path("supportedActions"))
                                    .map(a -> a.path("action").asText()).toList()),
                            fo.path("assignedLocation").path("location").path("id").asText(),
                            fo.path("assignedLocation").path("location").path("name").asText("another location"),
                            nodes(fo.path("lineItems").path("nodes"))
                                    .map(l -> new FulfillmentOrderLine(l.path("id").asText(),
                                            l.path("lineItem").path("id").asText(), l.path("remainingQuantity").asInt()))
                                    .toList()))
                    .toList();
            List<Fulfillment> fulfillments = nodes(order.path("fulfillments"))
                    .map(f -> new Fulfillment(f.path("id").asText(), f.path("name").asText(f.path("id").asText()),
                            f.path("status").asText(),
                            nodes(f.path("trackingInfo")).map(t -> t.path("number").asText("")).toList()))
                    .toList();
            return new Order(order.path("id").asText(), order.path("name").asText(order.path("id").asText()),
                    fulfillmentOrders, fulfillments);
        }

        Fulfillment fulfillmentWithTracking(Tracking tracking) {
            return fulfillments.stream().filter(f -> !VOID_FULFILLMENT.contains(f.status()))
                    .filter(f -> f.trackingNumbers().stream().anyMatch(tracking::isNumber))
                    .findFirst().orElse(null);
        }

        List<Map.Entry<FulfillmentOrder, FulfillmentOrderLine>> linesFor(String lineItemId) {
            return fulfillmentOrders.stream().flatMap(fo -> fo.lines().stream()
                    .filter(l -> l.lineItemId().equals(lineItemId)).map(l -> Map.entry(fo, l))).toList();
        }

        String describeFulfillments() {
            List<String> described = fulfillments.stream()
                    .filter(f -> !VOID_FULFILLMENT.contains(f.status()))
                    .map(f -> f.name() + (f.trackingNumbers().isEmpty() ? " without tracking"
                            : " with tracking " + String.join(", ", f.trackingNumbers())))
                    .toList();
            return described.isEmpty() ? "" : " (" + String.join("; ", described) + ")";
        }
    }
}
