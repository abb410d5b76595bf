package io.writeback.carrier;

import java.util.Locale;

/**
 * Validated tracking for one package: the carrier, the name to show for it, the normalised number (empty when the
 * channel accepts a shipment without one) and the public tracking URL (null when none is known).
 */
public record Tracking(Carrier carrier, String carrierName, String number, String url) {

    /** A tracking number as it is compared: absent and "" both mean none; no whitespace; upper case. */
    public static String normalise(String trackingNumber) {
        return trackingNumber == null ? "" : trackingNumber.replaceAll("\\s+", "").toUpperCase(Locale.ROOT);
    }

    public boolean hasNumber() {
        return !number.isEmpty();
    }

    /** Whether a tracking number a cart holds is this one (carts keep what they were given, spaces and case too). */
    public boolean isNumber(String cartTrackingNumber) {
        return hasNumber() && number.equals(normalise(cartTrackingNumber));
    }
}
