package io.writeback.cart.magento;

import com.fasterxml.jackson.databind.JsonNode;
import io.writeback.carrier.Tracking;
import io.writeback.cart.CartAdapter;
import io.writeback.cart.CartAdapterSupport;
import io.writeback.cart.CartReceipt;
import io.writeback.cart.CartRefusals;
import io.writeback.cart.CartRequest;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Magento 2 / Adobe Commerce {@code POST /rest/V1/order/{id}/ship} (carts.md §4), shipping from the inventory source
 * mapped to the warehouse. The order's shipments are read first: a shipment with the same track number means the
 * writeback already happened.
 */
@Component("magento")
public class Magento extends CartAdapter {

    /** Magento's ShipOrder validation messages (magento/magento2 CanShip and QuantityValidator). */
    private static final CartRefusals REFUSALS = CartRefusals.reading()
            .when(FailureCategory.ALREADY_SHIPPED, List.of("does not allow a shipment to be created"),
                    ". Nothing is left to ship on this Magento order: it is shipped already, on hold or canceled")
            .when(FailureCategory.ITEMS_MISMATCH, List.of("invalid quantity to ship", "can not found item",
                    "without products"));

    /** MSI's source-item validation messages (magento/inventory SourceItemValidatorChain). */
    private static final CartRefusals INVENTORY_REFUSALS = CartRefusals.reading()
            .when(FailureCategory.LOCATION_NOT_MAPPED, List.of("source"),
                    ": check the warehouse's mapping against the store's source codes")
            .when(FailureCategory.ITEMS_MISMATCH, List.of("sku", "product"));
    /** Source items one save takes here: a request of bounded size. */
    private static final int SOURCE_ITEMS_PER_SAVE = 500;

    public Magento(CartAdapterSupport support) {
        super(support);
    }

    /** Read the order's shipments, then ship: two requests. */
    @Override
    public double writeCost() {
        return 2;
    }

    @Override
    protected CartReceipt send(Shipment shipment, String sourceCode, String unconfirmedTracking) {
        ShipmentEvent event = shipment.event();
        Store store = shipment.store();
        Tracking tracking = shipment.tracking();
        String orderId = numericId(Channel.MAGENTO, event.channelOrderId(), "channelOrderId");
        Map<String, Object> body = body(event, tracking, sourceCode, shipment.notifyCustomer());
        String rest = store.config().baseUrl() + "/rest/V1";

        JsonNode shipments = http.readJson(store, call(store, http.jsonRequest("GET",
                URI.create(rest + "/shipments?" + filterOnOrder(orderId)), null))).path("items");
        for (JsonNode existing : shipments) {
            for (JsonNode track : existing.path("tracks")) {
                if (tracking.isNumber(track.path("track_number").asText())) {
                    return new CartReceipt(existing.path("entity_id").asText(), "Already in Magento: shipment "
                            + existing.path("entity_id").asText() + " of order " + orderId + " has track "
                            + tracking.number() + "; nothing written again");
                }
            }
        }

        String shipmentId;
        try {
            shipmentId = http.readJson(store, call(store, http.jsonRequest("POST",
                    URI.create(rest + "/order/" + orderId + "/ship"), body))).asText();
        } catch (WritebackFailure failure) {
            throw REFUSALS.reread(failure);
        }
        return new CartReceipt(shipmentId, "Tracking " + tracking.carrierName() + " " + tracking.number()
                + " written back to Magento order " + orderId + " as shipment " + shipmentId
                + (sourceCode == null ? "" : " from source " + sourceCode));
    }

    /** Adds a track with the new number to the shipment ({@code POST /V1/shipment/track}); Magento keeps both. */
    @Override
    protected CartReceipt replaceTracking(Shipment shipment, SyncedShipment previous, String sourceCode) {
        ShipmentEvent event = shipment.event();
        Tracking tracking = shipment.tracking();
        Store store = shipment.store();
        Map<String, Object> track = new LinkedHashMap<>();
        track.put("order_id", Long.parseLong(numericId(Channel.MAGENTO, event.channelOrderId(), "channelOrderId")));
        track.put("parent_id", Long.parseLong(previous.channelReference()));
        track.put("weight", 0);
        track.put("qty", event.items().stream().mapToInt(ShipmentEvent.Item::quantity).sum());
        track.put("description", "Replaces " + previous.trackingNumber());
        track.putAll(track(tracking));
        try {
            call(store, http.jsonRequest("POST",
                    URI.create(store.config().baseUrl() + "/rest/V1/shipment/track"), Map.of("entity", track)));
        } catch (WritebackFailure failure) {
            throw REFUSALS.reread(failure);
        }
        return new CartReceipt(previous.channelReference(), "Track " + tracking.carrierName() + " "
                + tracking.number() + " added to Magento shipment " + previous.channelReference() + " of order "
                + event.channelOrderId() + ", replacing " + previous.trackingNumber() + " (confirmed resend)");
    }

    private static Map<String, Object> track(Tracking tracking) {
        Map<String, Object> track = new LinkedHashMap<>();
        track.put("track_number", tracking.number());
        track.put("title", tracking.carrierName());
        track.put("carrier_code", tracking.carrier().cartName(Channel.MAGENTO).orElse("custom"));
        return track;
    }

    private static Map<String, Object> body(ShipmentEvent event, Tracking tracking, String sourceCode,
                                            boolean notify) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", event.items().stream().map(item -> Map.of(
                "order_item_id", Long.parseLong(numericId(Channel.MAGENTO, item.channelLineItemId(),
                        "items[].channelLineItemId")),
                "qty", item.quantity())).toList());
        body.put("notify", notify);
        body.put("tracks", List.of(track(tracking)));
        if (sourceCode != null) {
            body.put("arguments", Map.of("extension_attributes", Map.of("source_code", sourceCode)));
        }
        return body;
    }

    /** searchCriteria for the order's shipments, with the brackets percent-encoded. */
    private static String filterOnOrder(String orderId) {
        String filter = "searchCriteria%5BfilterGroups%5D%5B0%5D%5Bfilters%5D%5B0%5D";
        return filter + "%5Bfield%5D=order_id&" + filter + "%5Bvalue%5D=" + orderId + "&" + filter
                + "%5BconditionType%5D=eq";
    }

    @Override
    public boolean inventoryPerLocation() {
        return true;
    }

    /** One request per {@link #SOURCE_ITEMS_PER_SAVE} quantities. */
    @Override
    public double inventoryWriteCost(Store store, List<InventoryLevel> levels) {
        return Math.ceil(levels.size() / (double) SOURCE_ITEMS_PER_SAVE);
    }

    /**
     * MSI source items ({@code POST /V1/inventory/source-items}): the SKU's quantity at the mapped source code, in
     * stock when above zero. Magento saves a request's items together or refuses them together, so a refused batch
     * is halved down to the item it refused.
     */
    @Override
    protected Map<InventoryLevel, WritebackFailure> sendInventory(Store store, List<InventoryLevel> levels) {
        URI uri = URI.create(store.config().baseUrl() + "/rest/V1/inventory/source-items");
        return InventoryBatches.write(levels, SOURCE_ITEMS_PER_SAVE, batch -> {
            try {
                call(store, http.jsonRequest("POST", uri, Map.of("sourceItems", batch.stream().map(level -> Map.of(
                        "sku", level.sku(),
                        "source_code", level.locationId(),
                        "quantity", level.quantity(),
                        "status", level.quantity() > 0 ? 1 : 0)).toList())));
            } catch (WritebackFailure failure) {
                throw INVENTORY_REFUSALS.reread(failure);
            }
        });
    }

    @Override
    protected CartRequest signed(Store store, CartRequest request) {
        return request.header("Authorization", "Bearer " + store.config().accessToken());
    }
}
