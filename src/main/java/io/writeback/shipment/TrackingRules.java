package io.writeback.shipment;

import io.writeback.carrier.Carrier;
import io.writeback.carrier.Tracking;
import io.writeback.event.EventJson;
import io.writeback.failure.FailureCategory;
import io.writeback.failure.WritebackFailure;
import java.net.URI;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Checks an event's carrier and tracking number before any cart is called (Amazon's Valid Tracking Rate punishes
 * numbers with punctuation or a carrier that does not match the number), and fills in the tracking URL.
 */
@Component
public class TrackingRules {

    private static final Pattern LETTERS_AND_DIGITS = Pattern.compile("[0-9A-Z]+");

    public Tracking resolve(ShipmentEvent event) {
        Carrier carrier = Carrier.fromCode(event.carrier()).orElseThrow(() -> new WritebackFailure(
                FailureCategory.INVALID_CARRIER, "Carrier '" + event.carrier() + "' is unknown: use one of "
                        + Carrier.codes() + " (other with carrierName)"));
        String carrierName = carrier == Carrier.OTHER ? requireCarrierName(event) : carrier.displayName();
        String number = event.trackingNumber();
        if (number.isEmpty()) {
            if (event.channel().requiresTracking()) {
                throw new WritebackFailure(FailureCategory.MISSING_TRACKING, event.channel().displayName()
                        + " needs a tracking number to mark order " + event.orderNumber() + " shipped: add the "
                        + carrierName + " tracking number to shipment " + event.shipmentId() + " and send it again");
            }
            return new Tracking(carrier, carrierName, "", event.trackingUrl() == null ? null : url(event));
        }
        checkNumber(carrier, carrierName, number);
        return new Tracking(carrier, carrierName, number,
                event.trackingUrl() != null ? url(event) : carrier.trackingUrl(number).orElse(null));
    }

    private static String requireCarrierName(ShipmentEvent event) {
        if (event.carrierName() == null || event.carrierName().isBlank()) {
            throw new WritebackFailure(FailureCategory.INVALID_CARRIER,
                    "Carrier 'other' needs the carrier's name in carrierName (shipment " + event.shipmentId() + ")");
        }
        return event.carrierName().strip();
    }

    private static void checkNumber(Carrier carrier, String carrierName, String number) {
        if (!LETTERS_AND_DIGITS.matcher(number).matches()) {
            String offending = number.replaceAll("[0-9A-Z]", "").chars().distinct()
                    .mapToObj(c -> "'" + (Character.isISOControl(c) ? "?" : Character.toString(c)) + "'")
                    .reduce((a, b) -> a + " " + b).orElse("");
            throw new WritebackFailure(FailureCategory.INVALID_TRACKING, "Tracking number " + EventJson.printable(number, 80)
                    + " contains " + offending + ": a tracking number has only letters and digits."
                    + " Correct it and send the shipment again");
        }
        if (carrier.accepts(number)) {
            return;
        }
        Optional<Carrier> likely = Arrays.stream(Carrier.values())
                .filter(c -> c != Carrier.OTHER && c != carrier && c.accepts(number)).findFirst();
        throw new WritebackFailure(FailureCategory.INVALID_TRACKING, "Tracking number " + number + " is not a valid "
                + carrierName + " tracking number"
                + likely.map(c -> "; it looks like a " + c.displayName() + " number. Correct the carrier or the number")
                        .orElse(" (wrong length, format or check digit). Correct the number")
                + " and send the shipment again");
    }

    private static String url(ShipmentEvent event) {
        try {
            URI uri = URI.create(event.trackingUrl());
            if (uri.isAbsolute() && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
                    && uri.getHost() != null) {
                return uri.toString();
            }
        } catch (IllegalArgumentException invalid) {
            // reported below
        }
        throw new WritebackFailure(FailureCategory.INVALID_TRACKING, "trackingUrl of shipment " + event.shipmentId()
                + " is not an http(s) URL: " + EventJson.printable(event.trackingUrl(), 80));
    }

}
