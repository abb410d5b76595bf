package io.writeback.cart.bigcommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.writeback.carrier.Tracking;
import io.writeback.cart.CartAdapter;
import io.writeback.cart.CartAdapterSupport;
import io.writeback.cart.CartReceipt;
import io.writeback.cart.CartRefusals;
import io.writeback.cart.CartRequest;
import io.writeback.cart.CartResponse;
import io.writeback.cart.InventoryBatches;
import io.writeback.channel.Channel;
import io.writeback.failure.FailureCategory;
import io.writeback.failure.WritebackFailure;
import io.writeback.inventory.InventoryLevel;
import io.writeback.ledger.SyncedShipment;
import io.writeback.shipment.Shipment;
import io.writeback.shipment.ShipmentEvent;
import io.writeback.store.Store;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * BigCommerce Orders v2 shipments (carts.md §3): reads the order's shipments first (one with the same tracking
 * number means it is already there), then its shipping address, then creates the shipment. A call that leaves the
 * store's quota at zero makes the next call wait for the quota window to reset.
 */
@Component("bigcommerce")
public class BigCommerce extends CartAdapter {

    /** BigCommerce says 400/422 for a bad item as for any other refusal: its message names the item. */
    private static final CartRefusals REFUSALS = CartRefusals.reading()
            .when(FailureCategory.ITEMS_MISMATCH, List.of("quantity", "order_product_id", "item"));

    /** An absolute adjustment naming a SKU or location the store does not have. */
    private static final CartRefusals INVENTORY_REFUSALS = CartRefusals.reading()
            .when(FailureCategory.LOCATION_NOT_MAPPED, List.of("location"),
                    ": check the warehouse's location mapping against the store's locations")
            .when(FailureCategory.ITEMS_MISMATCH, List.of("sku", "item", "variant", "product"));

    private static final int MAX_TRACKING_NUMBER = 50;
    /** The Inventory API's limit on one adjustment's items. */
    private static final int ITEMS_PER_ADJUSTMENT = 2000;
    private static final String INVENTORY_REASON = "Warehouse count (tracking writeback inventory sync)";
    private static final int SHIPMENTS_PAGE = 250;

    public BigCommerce(CartAdapterSupport support) {
        super(support);
    }

    /** Read the order's shipments and shipping addresses, create the shipment: three requests. */
    @Override
    public double writeCost() {
        return 3;
    }

    @Override
    protected CartReceipt send(Shipment shipment, String locationId, String unconfirmedTracking) {
        ShipmentEvent event = shipment.event();
        Store store = shipment.store();
        Tracking tracking = shipment.tracking();
        checkLength(tracking);
        String order = orderUrl(store, event);
        Map<String, Object> body = trackingFields(event, tracking);
        body.put("items", event.items().stream().map(item -> Map.of(
                "order_product_id", Long.parseLong(numericId(Channel.BIGCOMMERCE, item.channelLineItemId(),
                        "items[].channelLineItemId")),
                "quantity", item.quantity())).toList());

        for (JsonNode existing : shipments(store, order)) {
            if (tracking.isNumber(existing.path("tracking_number").asText())) {
                return new CartReceipt(existing.path("id").asText(), "Already in BigCommerce: shipment "
                        + existing.path("id").asText() + " of order " + event.channelOrderId() + " has tracking "
                        + tracking.number() + "; nothing written again");
            }
        }
        JsonNode addresses = get(store, order + "/shipping_addresses");
        if (addresses.isEmpty()) {
            throw new WritebackFailure(FailureCategory.REJECTED, "BigCommerce order " + event.channelOrderId()
                    + " has no shipping address to ship to");
        }
        body.put("order_address_id", addresses.get(0).path("id").asLong());

        CartResponse created;
        try {
            created = call(store, http.jsonRequest("POST", URI.create(order + "/shipments"),
                    body));
        } catch (WritebackFailure failure) {
            throw REFUSALS.reread(failure);
        }
        String shipmentId = http.readJson(store, created).path("id").asText();
        return new CartReceipt(shipmentId, "Tracking " + tracking.carrierName() + " " + tracking.number()
                + " written back to BigCommerce order " + event.channelOrderId() + " as shipment " + shipmentId);
    }

    /** {@code PUT …/shipments/{id}} with the new tracking (a shipment's items cannot be written to). */
    @Override
    protected CartReceipt replaceTracking(Shipment shipment, SyncedShipment previous, String locationId) {
        ShipmentEvent event = shipment.event();
        Tracking tracking = shipment.tracking();
        checkLength(tracking);
        URI uri = URI.create(orderUrl(shipment.store(), event) + "/shipments/" + previous.channelReference());
        try {
            call(shipment.store(), http.jsonRequest("PUT", uri,
                    trackingFields(event, tracking)));
        } catch (WritebackFailure failure) {
            throw REFUSALS.reread(failure);
        }
        return new CartReceipt(previous.channelReference(), "Tracking of BigCommerce shipment "
                + previous.channelReference() + " on order " + event.channelOrderId() + " replaced: "
                + previous.trackingNumber() + " → " + tracking.carrierName() + " " + tracking.number()
                + " (confirmed resend)");
    }

    private static String orderUrl(Store store, ShipmentEvent event) {
        return store.config().baseUrl() + "/stores/" + store.config().storeHash() + "/v2/orders/"
                + numericId(Channel.BIGCOMMERCE, event.channelOrderId(), "channelOrderId");
    }

    private static void checkLength(Tracking tracking) {
        if (tracking.number().length() > MAX_TRACKING_NUMBER) {
            throw new WritebackFailure(FailureCategory.INVALID_TRACKING, "BigCommerce takes tracking numbers of at"
                    + " most " + MAX_TRACKING_NUMBER + " characters; " + tracking.number() + " has "
                    + tracking.number().length());
        }
    }

    private static Map<String, Object> trackingFields(ShipmentEvent event, Tracking tracking) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tracking_number", tracking.number());
        body.put("shipping_provider", "");
        var carrier = tracking.carrier().cartName(Channel.BIGCOMMERCE);
        body.put("tracking_carrier", carrier.orElse(""));
        if (carrier.isEmpty() && tracking.url() != null) {
            body.put("tracking_link", tracking.url());
        }
        if (event.shippingMethod() != null) {
            body.put("shipping_method", event.shippingMethod());
        }
        return body;
    }

    /** Every shipment of the order, page by page: BigCommerce lists 50 a page unless asked for up to 250. */
    private List<JsonNode> shipments(Store store, String order) {
        List<JsonNode> all = new ArrayList<>();
        for (int page = 1; ; page++) {
            JsonNode batch = get(store, order + "/shipments?limit=" + SHIPMENTS_PAGE + "&page=" + page);
            batch.forEach(all::add);
            if (batch.size() < SHIPMENTS_PAGE) {
                return all;
            }
        }
    }

    /** GET a list; BigCommerce answers 204 for an empty one. */
    private JsonNode get(Store store, String url) {
        CartResponse response = call(store, http.jsonRequest("GET", URI.create(url), null));
        JsonNode list = response.statusCode() == 204 || response.body().isBlank()
                ? JsonNodeFactory.instance.arrayNode() : http.readJson(store, response);
        if (!list.isArray()) {
            throw new WritebackFailure(FailureCategory.REJECTED, "BigCommerce answered " + url.substring(
                    url.lastIndexOf('/')) + " with something other than a list");
        }
        return list;
    }

    @Override
    public boolean inventoryPerLocation() {
        return true;
    }

    /** One request per {@link #ITEMS_PER_ADJUSTMENT} quantities. */
    @Override
    public double inventoryWriteCost(Store store, List<InventoryLevel> levels) {
        return Math.ceil(levels.size() / (double) ITEMS_PER_ADJUSTMENT);
    }

    /**
     * Inventory API v3 absolute adjustments ({@code PUT /v3/inventory/adjustments/absolute}), by SKU and the mapped
     * location id, at most {@link #ITEMS_PER_ADJUSTMENT} items a request; BigCommerce refuses a request as a whole
     * (422, its title naming an item), so a refused batch is halved down to the SKU it refused.
     */
    @Override
    protected Map<InventoryLevel, WritebackFailure> sendInventory(Store store, List<InventoryLevel> levels) {
        Map<InventoryLevel, WritebackFailure> refused = new LinkedHashMap<>();
        List<InventoryLevel> located = new ArrayList<>();
        for (InventoryLevel level : levels) {
            if (level.locationId().matches("[0-9]{1,18}")) {
                located.add(level);
            } else {
                refused.put(level, new WritebackFailure(FailureCategory.LOCATION_NOT_MAPPED, "Warehouse "
                        + level.warehouses() + " is mapped to \"" + level.locationId() + "\", which is not a"
                        + " BigCommerce location id (a number): map it to one of the store's location ids"));
            }
        }
        URI uri = URI.create(store.config().baseUrl() + "/stores/" + store.config().storeHash()
                + "/v3/inventory/adjustments/absolute");
        refused.putAll(InventoryBatches.write(located, ITEMS_PER_ADJUSTMENT, batch -> {
            try {
                call(store, http.jsonRequest("PUT", uri, Map.of("reason", INVENTORY_REASON, "items",
                        batch.stream().map(level -> Map.of("location_id", Long.parseLong(level.locationId()),
                                "sku", level.sku(), "quantity", level.quantity())).toList())));
            } catch (WritebackFailure failure) {
                throw INVENTORY_REFUSALS.reread(failure);
            }
        }));
        return refused;
    }

    @Override
    protected CartRequest signed(Store store, CartRequest request) {
        return request.header("X-Auth-Token", store.config().accessToken());
    }
}
