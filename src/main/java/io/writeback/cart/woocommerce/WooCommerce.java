package io.writeback.cart.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import io.writeback.carrier.Tracking;
import io.writeback.cart.CartAdapter;
import io.writeback.cart.CartAdapterSupport;
import io.writeback.cart.CartReceipt;
import io.writeback.cart.CartRequest;
import io.writeback.channel.Channel;
import io.writeback.ledger.SyncedShipment;
import io.writeback.shipment.Shipment;
import io.writeback.shipment.ShipmentEvent;
import io.writeback.store.Store;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * WooCommerce with the Shipment Tracking extension (carts.md §5): add the tracking item unless the order already
 * has one with this number (so a retry never adds it twice), then mark the order completed, which is what sends
 * the customer WooCommerce's "completed order" email with the tracking.
 */
@Component("woocommerce")
public class WooCommerce extends CartAdapter {

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

    @Override
    protected CartRequest signed(Store store, CartRequest request) {
        String credentials = store.config().consumerKey() + ":" + store.config().consumerSecret();
        return request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                credentials.getBytes(StandardCharsets.UTF_8)));
    }
}
