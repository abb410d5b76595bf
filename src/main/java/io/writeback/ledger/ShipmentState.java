package io.writeback.ledger;

import io.writeback.failure.FailureCategory;
import io.writeback.failure.WritebackFailure;
import io.writeback.shipment.ShipmentEvent;

/**
 * What the ledger holds of a shipment right now: the version of its latest event, what the cart was last given,
 * whether an operator confirmed a resend, and the tracking of an attempt whose answer never came (if any).
 */
public record ShipmentState(long version, String syncedTrackingNumber, boolean resendConfirmed,
                            String unconfirmedTrackingNumber) {

    static final ShipmentState NONE = new ShipmentState(0, null, false, null);

    /**
     * Whether the shipment is already in the cart with this event's tracking number (nothing to write). Other
     * tracking for a shipment the cart already has is {@code ALREADY_SHIPPED}, unless the resend is confirmed.
     */
    public boolean alreadySynced(ShipmentEvent event) {
        if (syncedTrackingNumber == null) {
            return false;
        }
        if (syncedTrackingNumber.equals(event.trackingNumber())) {
            return true;
        }
        if (event.resend() || resendConfirmed) {
            return false;
        }
        throw new WritebackFailure(FailureCategory.ALREADY_SHIPPED, "Shipment " + event.shipmentId()
                + " was already written back to " + event.channel().displayName() + " with tracking "
                + describe(syncedTrackingNumber) + "; this event carries " + describe(event.trackingNumber())
                + ". If the label was voided and recreated, retry order " + event.orderNumber()
                + " with {\"confirm\": true} to resend it");
    }

    static String describe(String trackingNumber) {
        return trackingNumber.isEmpty() ? "(no tracking number)" : trackingNumber;
    }
}
