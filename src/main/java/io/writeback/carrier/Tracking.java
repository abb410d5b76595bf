package io.writeback.carrier;

/**
 * Validated tracking for one package: the carrier, the name to show for it, the normalised number (empty when the
 * channel accepts a shipment without one) and the public tracking URL (null when none is known).
 */
public record Tracking(Carrier carrier, String carrierName, String number, String url) {

    public boolean hasNumber() {
        return !number.isEmpty();
    }
}
