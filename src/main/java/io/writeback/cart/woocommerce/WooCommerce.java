package io.writeback.cart.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import io.writeback.carrier.Tracking;
import io.writeback.cart.CartAdapter;
import io.writeback.cart.CartAdapterSupport;
import io.writeback.cart.CartHttp;
import io.writeback.cart.CartReceipt;
import io.writeback.cart.CartRequest;
import io.writeback.channel.Channel;
import io.writeback.failure.FailureCategory;
import io.writeback.failure.WritebackFailure;
import io.writeback.inventory.InventoryLevel;
import io.writeback.ledger.SyncedShipment;
import io.writeback.shipment.Shipment;
import io.writeback.shipment.ShipmentEvent;
import io.writeback.store.Store;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * WooCommerce with the Shipment Tracking extension (carts.md §5): add the tracking item unless the order already
 * has one with this number (so a retry never adds it twice), then mark the order completed, which is what sends
 * the customer WooCommerce's "completed order" email with the tracking.
 */
@Component("woocommerce")
public class WooCommerce extends CartAdapter {

    /** The batch endpoints' limit on one request's items, and the lookup's page. */
    private static final int PER_REQUEST = 100;

    public WooCommerce(CartAdapterSupport support) {
        super(support);
    }

    /** Read the trackings, add one, complete the order: three requests. */
    @Override
    public double writeCost() {
        return 3;
    }

    @Override
    protected CartReceipt send(Shipment shipment, String locationId, String unconfirmedTracking) {
        return writeTracking(shipment, null);
    }

    /** The extension has no update: the old tracking item is deleted and the new one added. */
    @Override
    protected CartReceipt replaceTracking(Shipment shipment, SyncedShipment previous, String locationId) {
        return writeTracking(shipment, previous);
    }

    /**
     * Reads the order's tracking items, deletes the replaced one if it is still there, adds ours unless it is there
     * already, and marks the order completed: every step can be repeated without effect.
     */
    private CartReceipt writeTracking(Shipment shipment, SyncedShipment replaced) {
        ShipmentEvent event = shipment.event();
        Store store = shipment.store();
        Tracking tracking = shipment.tracking();
        String orderId = numericId(Channel.WOOCOMMERCE, event.channelOrderId(), "channelOrderId");
        String api = store.config().baseUrl() + "/wp-json";
        String trackings = api + "/wc-shipment-tracking/v3/orders/" + orderId + "/shipment-trackings";

        String trackingId = null;
        for (JsonNode item : http.readJson(store, call(store, http.jsonRequest("GET", URI.create(trackings), null)))) {
            String id = item.path("tracking_id").asText();
            if (tracking.isNumber(item.path("tracking_number").asText())) {
                trackingId = id;
            } else if (replaced != null && id.equals(replaced.channelReference())) {
                call(store, http.jsonRequest("DELETE", URI.create(trackings + "/" + id),
                        null));
            }
        }
        boolean added = trackingId == null;
        if (added) {
            trackingId = http.readJson(store, call(store, http.jsonRequest("POST",
                    URI.create(trackings), trackingItem(event, tracking)))).path("tracking_id").asText();
        }
        call(store, http.jsonRequest("PUT", URI.create(api + "/wc/v3/orders/" + orderId),
                Map.of("status", "completed")));
        return new CartReceipt(trackingId, "Tracking " + tracking.carrierName() + " " + tracking.number()
                + (added ? " added to" : " already on") + " WooCommerce order " + orderId
                + " (tracking item " + trackingId + ")"
                + (replaced == null ? "" : " in place of " + replaced.trackingNumber() + " (confirmed resend)")
                + "; order marked completed");
    }

    private static Map<String, Object> trackingItem(ShipmentEvent event, Tracking tracking) {
        Map<String, Object> item = new LinkedHashMap<>();
        tracking.carrier().cartName(Channel.WOOCOMMERCE).ifPresentOrElse(
                provider -> item.put("tracking_provider", provider),
                () -> {
                    item.put("custom_tracking_provider", tracking.carrierName());
                    if (tracking.url() != null) {
                        item.put("custom_tracking_link", tracking.url());
                    }
                });
        item.put("tracking_number", tracking.number());
        item.put("date_shipped", event.shipDate().atOffset(ZoneOffset.UTC).toLocalDate().toString());
        return item;
    }

    /** WooCommerce keeps one stock quantity per product: the sum of the warehouses mapped to the store. */
    @Override
    public boolean inventoryPerLocation() {
        return false;
    }

    /** A lookup and a batch update per {@link #PER_REQUEST} products. */
    @Override
    public double inventoryWriteCost(Store store, List<InventoryLevel> levels) {
        return 2 * Math.ceil(levels.size() / (double) PER_REQUEST);
    }

    /**
     * Looks the SKUs up ({@code GET /wc/v3/products?sku=a,b,…}, a product or a variation each), then sets
     * {@code stock_quantity} (with {@code manage_stock}) through the batch endpoints: {@code products/batch}, and
     * {@code products/<parent>/variations/batch} for variations. The batch answers each item on its own, so a refused
     * product fails alone.
     */
    @Override
    protected Map<InventoryLevel, WritebackFailure> sendInventory(Store store, List<InventoryLevel> levels) {
        String api = store.config().baseUrl() + "/wp-json/wc/v3";
        Map<InventoryLevel, WritebackFailure> refused = new LinkedHashMap<>();
        Map<String, JsonNode> products = new HashMap<>();
        List<InventoryLevel> lookedUp = new ArrayList<>();
        for (InventoryLevel level : levels) {
            if (level.sku().contains(",")) {
                refused.put(level, new WritebackFailure(FailureCategory.ITEMS_MISMATCH, "SKU " + level.sku()
                        + " holds a comma, which WooCommerce's SKU lookup reads as two SKUs: it cannot be written"));
            } else {
                lookedUp.add(level);
            }
        }
        for (int from = 0; from < lookedUp.size(); from += PER_REQUEST) {
            String skus = String.join(",", lookedUp.subList(from, Math.min(lookedUp.size(), from + PER_REQUEST))
                    .stream().map(InventoryLevel::sku).toList());
            URI lookup = URI.create(api + "/products?per_page=" + PER_REQUEST + "&sku="
                    + URLEncoder.encode(skus, StandardCharsets.UTF_8));
            http.readJson(store, call(store, http.jsonRequest("GET", lookup, null)))
                    .forEach(product -> products.put(product.path("sku").asText(), product));
        }
        Map<String, List<Map<String, Object>>> updates = new LinkedHashMap<>();
        Map<String, InventoryLevel> byId = new HashMap<>();
        for (InventoryLevel level : lookedUp) {
            JsonNode product = products.get(level.sku());
            if (product == null) {
                refused.put(level, new WritebackFailure(FailureCategory.ITEMS_MISMATCH, "No product or variation of"
                        + " WooCommerce store " + store.id() + " has SKU " + level.sku() + ": check the SKU in"
                        + " WooCommerce"));
                continue;
            }
            long parent = product.path("parent_id").asLong(0);
            String batch = parent > 0 ? api + "/products/" + parent + "/variations/batch" : api + "/products/batch";
            updates.computeIfAbsent(batch, url -> new ArrayList<>()).add(Map.of("id", product.path("id").asLong(),
                    "manage_stock", true, "stock_quantity", level.quantity()));
            byId.put(product.path("id").asText(), level);
        }
        updates.forEach((batch, items) -> {
            for (int from = 0; from < items.size(); from += PER_REQUEST) {
                JsonNode answer = http.readJson(store, call(store, http.jsonRequest("POST", URI.create(batch),
                        Map.of("update", items.subList(from, Math.min(items.size(), from + PER_REQUEST))))));
                for (JsonNode item : answer.path("update")) {
                    JsonNode error = item.path("error");
                    InventoryLevel level = byId.get(item.path("id").asText());
                    if (!error.isMissingNode() && level != null) {
                        refused.put(level, new WritebackFailure(FailureCategory.REJECTED, "WooCommerce refused the"
                                + " stock of SKU " + level.sku() + " (" + error.path("code").asText() + ": "
                                + CartHttp.abbreviate(error.path("message").asText()) + ")"));
                    }
                }
            }
        });
        return refused;
    }

    @Override
    protected CartRequest signed(Store store, CartRequest request) {
        String credentials = store.config().consumerKey() + ":" + store.config().consumerSecret();
        return request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                credentials.getBytes(StandardCharsets.UTF_8)));
    }
}
