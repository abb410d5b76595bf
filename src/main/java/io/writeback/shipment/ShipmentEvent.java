package io.writeback.shipment;

import io.writeback.channel.Channel;
import java.time.Instant;
import java.util.List;

/**
 * A shipment event as it arrives on {@code shipments.inbound} (design.md §2.2), parsed and type-checked.
 * {@code trackingNumber} is normalised (no whitespace, upper case) and empty when the event has none.
 */
public record ShipmentEvent(
        String shipmentId,
        String orderNumber,
        Channel channel,
        String storeId,
        String channelOrderId,
        String warehouseId,
        String carrier,
        String carrierName,
        String shippingMethod,
        String trackingNumber,
        String trackingUrl,
        Instant shipDate,
        List<Item> items,
        Boolean notifyCustomer,
        boolean resend) {

    /** One order line in the package: the cart's line id and how many of it. */
    public record Item(String sku, String channelLineItemId, int quantity) {
    }

    public boolean hasTracking() {
        return !trackingNumber.isEmpty();
    }

    /** The same event as an operator-confirmed resend. */
    public ShipmentEvent asResend() {
        return new ShipmentEvent(shipmentId, orderNumber, channel, storeId, channelOrderId, warehouseId, carrier,
                carrierName, shippingMethod, trackingNumber, trackingUrl, shipDate, items, notifyCustomer, true);
    }
}
