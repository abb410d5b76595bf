package io.writeback.carrier;

import static io.writeback.channel.Channel.AMAZON;
import static io.writeback.channel.Channel.BIGCOMMERCE;
import static io.writeback.channel.Channel.MAGENTO;
import static io.writeback.channel.Channel.SHOPIFY;
import static io.writeback.channel.Channel.VOLUSION;
import static io.writeback.channel.Channel.WOOCOMMERCE;

import io.writeback.channel.Channel;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The carrier catalogue: our carrier codes, the name each cart knows the carrier by (design.md §2.8, carts.md §7.1),
 * the tracking-number formats (carts.md §7.2) and the public tracking URL (carts.md §7.3).
 * A cart without a name for a carrier gets it as a custom carrier with {@link #displayName()} and a link.
 */
public enum Carrier {
    USPS("usps", "USPS", "https://tools.usps.com/go/TrackConfirmAction?tLabels=%s",
            Map.of(SHOPIFY, "USPS", AMAZON, "USPS", BIGCOMMERCE, "usps", MAGENTO, "usps", WOOCOMMERCE, "USPS",
                    VOLUSION, "USPS"),
            TrackingFormat.USPS_20, TrackingFormat.USPS_IMPB, TrackingFormat.USPS_S10),
    UPS("ups", "UPS", "https://www.ups.com/track?tracknum=%s",
            Map.of(SHOPIFY, "UPS", AMAZON, "UPS", BIGCOMMERCE, "ups", MAGENTO, "ups", WOOCOMMERCE, "UPS",
                    VOLUSION, "UPS"),
            TrackingFormat.UPS_1Z, TrackingFormat.UPS_WAYBILL),
    FEDEX("fedex", "FedEx", "https://www.fedex.com/fedextrack/?trknbr=%s",
            Map.of(SHOPIFY, "FedEx", AMAZON, "FedEx", BIGCOMMERCE, "fedex", MAGENTO, "fedex", WOOCOMMERCE, "Fedex",
                    VOLUSION, "FEDEX"),
            TrackingFormat.FEDEX_EXPRESS, TrackingFormat.FEDEX_GROUND, TrackingFormat.FEDEX_SSCC,
            TrackingFormat.FEDEX_SMARTPOST, TrackingFormat.FEDEX_34),
    DHL_EXPRESS("dhl_express", "DHL Express", "https://www.dhl.com/en/express/tracking.html?AWB=%s&brand=DHL",
            Map.of(SHOPIFY, "DHL Express", AMAZON, "DHL", BIGCOMMERCE, "dhl", MAGENTO, "dhl", VOLUSION, "DHL"),
            TrackingFormat.DHL_EXPRESS, TrackingFormat.DHL_PIECE),
    ONTRAC("ontrac", "OnTrac", "https://www.ontrac.com/tracking/?number=%s",
            Map.of(SHOPIFY, "OnTrac", AMAZON, "OnTrac", BIGCOMMERCE, "ontrac", WOOCOMMERCE, "OnTrac",
                    VOLUSION, "ONTRAC"),
            TrackingFormat.ONTRAC),
    AMAZON_LOGISTICS("amazon_logistics", "Amazon Logistics", "https://track.amazon.com/tracking/%s",
            Map.of(SHOPIFY, "Amazon Logistics US", VOLUSION, "AMAZON"),
            TrackingFormat.AMAZON_LOGISTICS),
    /** Any other carrier: the event names it ({@code carrierName}) and should give the tracking URL. */
    OTHER("other", null, null, Map.of(), TrackingFormat.ANY);

    private final String code;
    private final String displayName;
    private final String trackingUrlTemplate;
    private final Map<Channel, String> cartNames;
    private final List<TrackingFormat> formats;

    Carrier(String code, String displayName, String trackingUrlTemplate, Map<Channel, String> cartNames,
            TrackingFormat... formats) {
        this.code = code;
        this.displayName = displayName;
        this.trackingUrlTemplate = trackingUrlTemplate;
        this.cartNames = cartNames;
        this.formats = List.of(formats);
    }

    public String code() {
        return code;
    }

    /** The carrier's own name; null for {@link #OTHER}, whose name comes with the event. */
    public String displayName() {
        return displayName;
    }

    /** The carrier as the cart lists it, or empty when the cart only takes it as a custom carrier. */
    public Optional<String> cartName(Channel channel) {
        return Optional.ofNullable(cartNames.get(channel));
    }

    /** The public tracking page for a number, or empty for {@link #OTHER}. */
    public Optional<String> trackingUrl(String trackingNumber) {
        return Optional.ofNullable(trackingUrlTemplate).map(t -> t.formatted(trackingNumber));
    }

    public boolean accepts(String normalisedTrackingNumber) {
        return formats.stream().anyMatch(f -> f.matches(normalisedTrackingNumber));
    }

    public static Optional<Carrier> fromCode(String code) {
        return Arrays.stream(values()).filter(c -> c.code.equals(code)).findFirst();
    }

    public static String codes() {
        return String.join(" | ", Arrays.stream(values()).map(Carrier::code).toList());
    }
}
