package io.writeback.cart.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import io.writeback.carrier.Tracking;
import io.writeback.cart.CartAdapter;
import io.writeback.cart.CartAdapterSupport;
import io.writeback.cart.CartReceipt;
import io.writeback.cart.CartRequest;
import io.writeback.cart.CartResponse;
import io.writeback.channel.Channel;
import io.writeback.failure.FailureCategory;
import io.writeback.failure.WritebackFailure;
import io.writeback.inventory.InventoryLevel;
import io.writeback.ledger.SyncedShipment;
import io.writeback.pacing.RateBudget;
import io.writeback.shipment.Shipment;
import io.writeback.shipment.ShipmentEvent;
import io.writeback.store.Store;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.springframework.stereotype.Component;

/**
 * Amazon Selling Partner API, Orders v0 {@code confirmShipment} (carts.md §2): one package per shipment, with a
 * positive numeric packageReferenceId that stays the same for the shipment on every retry. Amazon accepts a
 * shipment without tracking (sent as ""). An expired access token is refreshed once and the call repeated.
 * Amazon refuses to confirm a package twice, and writing blindly after an attempt whose answer never came would fail
 * a shipment Amazon has: such an attempt is followed by a read of the order's items ({@code getOrderItems}) first.
 * Only then: the read costs a call from a smaller budget (0.5 per second) than the confirmation itself.
 */
@Component("amazon")
public class Amazon extends CartAdapter {

    /** The SP-API header that carries the Login with Amazon access token. */
    private static final String ACCESS_TOKEN = "x-amz-access-token";

    private final LoginWithAmazon login;

    public Amazon(CartAdapterSupport support, LoginWithAmazon login) {
        super(support);
        this.login = login;
    }

    /** One confirmShipment call (the Login with Amazon token has its own endpoint and limit). */
    @Override
    public double writeCost() {
        return 1;
    }

    @Override
    protected CartReceipt send(Shipment shipment, String locationId, String unconfirmedTracking) {
        ShipmentEvent event = shipment.event();
        Store store = shipment.store();
        if (!event.channelOrderId().matches("[0-9]{3}-[0-9]{7}-[0-9]{7}")) {
            throw new WritebackFailure(FailureCategory.INVALID_MESSAGE, "Field 'channelOrderId' must be an Amazon"
                    + " order id in 3-7-7 form such as 113-1234567-1234567, got \"" + event.channelOrderId() + "\"");
        }
        String packageReferenceId = Integer.toString(queries.packageNumber(event.shipmentId()));
        String order = store.config().baseUrl() + "/orders/v0/orders/" + event.channelOrderId();
        Tracking tracking = shipment.tracking();
        String described = tracking.hasNumber() ? tracking.carrierName() + " " + tracking.number()
                : tracking.carrierName() + " and no tracking number";
        if (unconfirmedTracking != null && packageShipped(store, order, event)) {
            if (!unconfirmedTracking.equals(tracking.number())) {
                throw new WritebackFailure(FailureCategory.ALREADY_SHIPPED, "Amazon order " + event.channelOrderId()
                        + " shows the items of shipment " + event.shipmentId() + " as shipped, after an attempt with"
                        + " tracking " + unconfirmedTracking + " whose answer never came; Amazon does not let the"
                        + " tracking of a confirmed package be replaced through its API: correct it in Seller Central");
            }
            return new CartReceipt("package " + packageReferenceId, "Confirmed by reading Amazon order "
                    + event.channelOrderId() + ": its items show as shipped after our attempt with " + described
                    + " whose answer never came (getOrderItems); not confirmed a second time");
        }
        Map<String, Object> body = Map.of("marketplaceId", store.config().marketplaceId(),
                "packageDetail", packageDetail(event, tracking, packageReferenceId, locationId));
        CartResponse response = call(store, http.jsonRequest("POST", URI.create(order + "/shipmentConfirmation"),
                body));
        if (response.statusCode() != 204) {
            throw new WritebackFailure(FailureCategory.REJECTED, "Amazon answered " + response.statusCode()
                    + " instead of 204 to the shipment confirmation");
        }
        return new CartReceipt("package " + packageReferenceId, "Shipment confirmed on Amazon order "
                + event.channelOrderId() + " as package " + packageReferenceId + " with " + described);
    }

    /** Amazon confirms a package once; SP-API offers no call to change a confirmed package's tracking. */
    @Override
    protected CartReceipt replaceTracking(Shipment shipment, SyncedShipment previous, String locationId) {
        throw new WritebackFailure(FailureCategory.REJECTED, "Amazon does not let the tracking of a confirmed"
                + " shipment be replaced through its API: " + previous.channelReference() + " of order "
                + shipment.event().channelOrderId() + " keeps tracking " + previous.trackingNumber()
                + ". Correct it in Seller Central (Manage Orders > Edit shipment), where Amazon allows it");
    }

    /**
     * Whether Amazon shows this package's items as shipped ({@code getOrderItems}, every page): each line's
     * QuantityShipped covers what the order's other written-back packages shipped of it and this package's quantity.
     */
    private boolean packageShipped(Store store, String order, ShipmentEvent event) {
        Map<String, Integer> shipped = new HashMap<>();
        String nextToken = null;
        do {
            String page = order + "/orderItems" + (nextToken == null ? ""
                    : "?NextToken=" + URLEncoder.encode(nextToken, StandardCharsets.UTF_8));
            JsonNode payload = http.readJson(store, call(store, http.jsonRequest("GET", URI.create(page), null)))
                    .path("payload");
            for (JsonNode item : payload.path("OrderItems")) {
                shipped.merge(item.path("OrderItemId").asText(), item.path("QuantityShipped").asInt(0), Integer::sum);
            }
            nextToken = payload.path("NextToken").asText("");
        } while (!nextToken.isEmpty());
        Map<String, Integer> needed = new HashMap<>();
        queries.otherWrittenBackItems(event.orderNumber(), event.shipmentId())
                .forEach(item -> needed.merge(item.channelLineItemId(), item.quantity(), Integer::sum));
        event.items().forEach(item -> needed.merge(item.channelLineItemId(), item.quantity(), Integer::sum));
        return event.items().stream().allMatch(item ->
                shipped.getOrDefault(item.channelLineItemId(), 0) >= needed.get(item.channelLineItemId()));
    }

    /** One SP-API call with the store's access token; an expired token is refreshed once and the call repeated. */
    @Override
    protected CartResponse call(Store store, CartRequest request) {
        return call(store, store, request);
    }

    /** As {@link #call(Store, CartRequest)}, paced on {@code plan}'s budget (a Listings API call). */
    private CartResponse call(Store store, Store plan, CartRequest request) {
        CartRequest signed = signed(store, request);
        try {
            return http.send(plan, signed);
        } catch (WritebackFailure failure) {
            if (!expiredToken(failure)) {
                throw failure;
            }
            login.invalidate(store, signed.headers().get(ACCESS_TOKEN));
            return http.send(plan, signed(store, request));
        }
    }

    /**
     * Amazon's seller-fulfilled quantity is one per listing (the DEFAULT fulfillment channel): the sum of the
     * warehouses mapped to the store.
     */
    @Override
    public boolean inventoryPerLocation() {
        return false;
    }

    /**
     * Nothing of confirmShipment's budget: Listings Items calls have a usage plan of their own (5 a second, burst 5),
     * on which they are paced ({@link Store#onPlan}).
     */
    @Override
    public double inventoryWriteCost(Store store, List<InventoryLevel> levels) {
        return 0;
    }

    /**
     * Listings Items {@code patchListingsItem}, one call per SKU: {@code replace} of
     * {@code /attributes/fulfillment_availability} with the DEFAULT (seller-fulfilled) channel's quantity. The
     * product type is {@code PRODUCT}, which a patch of this attribute alone takes. An answer INVALID, or a 4xx,
     * fails that SKU alone.
     */
    @Override
    protected Map<InventoryLevel, WritebackFailure> sendInventory(Store store, List<InventoryLevel> levels) {
        String sellerId = store.config().sellerId();
        if (sellerId == null || sellerId.isBlank()) {
            throw new WritebackFailure(FailureCategory.REJECTED, "Amazon store " + store.id() + " has no seller-id:"
                    + " set writeback.stores." + store.id() + ".seller-id (the merchant token) to write inventory");
        }
        Store listings = store.onPlan(RateBudget.AMAZON_LISTINGS);
        Map<InventoryLevel, WritebackFailure> refused = new LinkedHashMap<>();
        for (InventoryLevel level : levels) {
            URI uri = URI.create(store.config().baseUrl() + "/listings/2021-08-01/items/"
                    + URLEncoder.encode(sellerId, StandardCharsets.UTF_8).replace("+", "%20") + "/"
                    + URLEncoder.encode(level.sku(), StandardCharsets.UTF_8).replace("+", "%20")
                    + "?marketplaceIds=" + URLEncoder.encode(store.config().marketplaceId(), StandardCharsets.UTF_8));
            Map<String, Object> body = Map.of("productType", "PRODUCT", "patches", List.of(Map.of(
                    "op", "replace",
                    "path", "/attributes/fulfillment_availability",
                    "value", List.of(Map.of("fulfillment_channel_code", "DEFAULT", "quantity", level.quantity())))));
            try {
                JsonNode answer = http.readJson(store, call(store, listings, http.jsonRequest("PATCH", uri, body)));
                if (!"ACCEPTED".equals(answer.path("status").asText())) {
                    refused.put(level, new WritebackFailure(FailureCategory.ITEMS_MISMATCH, "Amazon did not accept"
                            + " the quantity of SKU " + level.sku() + " (" + answer.path("status").asText("no status")
                            + ": " + String.join("; ", StreamSupport.stream(answer.path("issues").spliterator(), false)
                            .map(issue -> issue.path("code").asText() + " " + issue.path("message").asText())
                            .toList()) + ")"));
                }
            } catch (WritebackFailure failure) {
                if (failure.getCategory() != FailureCategory.REJECTED) {
                    throw failure;
                }
                refused.put(level, failure);
            }
        }
        return refused;
    }

    @Override
    protected CartRequest signed(Store store, CartRequest request) {
        return request.header(ACCESS_TOKEN, login.accessToken(store));
    }

    private static Map<String, Object> packageDetail(ShipmentEvent event, Tracking tracking, String packageReferenceId,
                                                     String supplySourceId) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("packageReferenceId", packageReferenceId);
        var amazonCode = tracking.carrier().cartName(Channel.AMAZON);
        detail.put("carrierCode", amazonCode.orElse("Other"));
        if (amazonCode.isEmpty()) {
            detail.put("carrierName", tracking.carrierName());
        }
        if (event.shippingMethod() != null) {
            detail.put("shippingMethod", event.shippingMethod());
        }
        detail.put("trackingNumber", tracking.number());
        detail.put("shipDate", event.shipDate().toString());
        if (supplySourceId != null) {
            detail.put("shipFromSupplySourceId", supplySourceId);
        }
        detail.put("orderItems", event.items().stream()
                .map(item -> Map.of("orderItemId", item.channelLineItemId(), "quantity", item.quantity())).toList());
        return detail;
    }

    /** Amazon answers an expired access token with 403 Unauthorized "The access token you provided has expired." */
    private static boolean expiredToken(WritebackFailure failure) {
        return failure.getCategory() == FailureCategory.AUTH_FAILED
                && failure.getReason().toLowerCase(Locale.ROOT).contains("expired");
    }
}
