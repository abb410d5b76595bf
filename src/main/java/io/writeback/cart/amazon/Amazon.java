package io.writeback.cart.amazon;

import io.writeback.carrier.Tracking;
import io.writeback.cart.CartAdapter;
import io.writeback.cart.CartAdapterSupport;
import io.writeback.cart.CartReceipt;
import io.writeback.cart.Channel;
import io.writeback.failure.FailureCategory;
import io.writeback.failure.WritebackFailure;
import io.writeback.shipment.Shipment;
import io.writeback.shipment.ShipmentEvent;
import io.writeback.shipment.ShipmentLedger.SyncedShipment;
import io.writeback.store.Store;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Amazon Selling Partner API, Orders v0 {@code confirmShipment} (carts.md §2): one package per shipment, with a
 * positive numeric packageReferenceId that stays the same for the shipment on every retry. Amazon accepts a
 * shipment without tracking (sent as ""). An expired access token is refreshed once and the call repeated.
 */
@Component("amazon")
public class Amazon extends CartAdapter {

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
    protected CartReceipt send(Shipment shipment, String locationId) {
        ShipmentEvent event = shipment.event();
        Store store = shipment.store();
        if (!event.channelOrderId().matches("[0-9]{3}-[0-9]{7}-[0-9]{7}")) {
            throw new WritebackFailure(FailureCategory.INVALID_MESSAGE, "Field 'channelOrderId' must be an Amazon"
                    + " order id in 3-7-7 form such as 113-1234567-1234567, got \"" + event.channelOrderId() + "\"");
        }
        String packageReferenceId = Integer.toString(ledger.packageNumber(event.shipmentId()));
        Map<String, Object> body = Map.of("marketplaceId", store.config().marketplaceId(),
                "packageDetail", packageDetail(event, shipment.tracking(), packageReferenceId, locationId));
        URI uri = URI.create(store.config().baseUrl() + "/orders/v0/orders/" + event.channelOrderId()
                + "/shipmentConfirmation");

        String token = login.accessToken(store);
        try {
            confirm(store, uri, body, token);
        } catch (WritebackFailure failure) {
            if (!expiredToken(failure)) {
                throw failure;
            }
            login.invalidate(store, token);
            confirm(store, uri, body, login.accessToken(store));
        }
        Tracking tracking = shipment.tracking();
        return new CartReceipt("package " + packageReferenceId, "Shipment confirmed on Amazon order "
                + event.channelOrderId() + " as package " + packageReferenceId + " with "
                + (tracking.hasNumber() ? tracking.carrierName() + " " + tracking.number()
                        : tracking.carrierName() + " and no tracking number"));
    }

    /** Amazon confirms a package once; SP-API offers no call to change a confirmed package's tracking. */
    @Override
    protected CartReceipt replaceTracking(Shipment shipment, SyncedShipment previous, String locationId) {
        throw new WritebackFailure(FailureCategory.REJECTED, "Amazon does not let the tracking of a confirmed"
                + " shipment be replaced through its API: " + previous.channelReference() + " of order "
                + shipment.event().channelOrderId() + " keeps tracking " + previous.trackingNumber()
                + ". Correct it in Seller Central (Manage Orders > Edit shipment), where Amazon allows it");
    }

    private void confirm(Store store, URI uri, Map<String, Object> body, String token) {
        HttpResponse<String> response = http.send(store, http.jsonRequest("POST", uri, body)
                .header("x-amz-access-token", token));
        if (response.statusCode() != 204) {
            throw new WritebackFailure(FailureCategory.REJECTED, "Amazon answered " + response.statusCode()
                    + " instead of 204 to the shipment confirmation");
        }
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
