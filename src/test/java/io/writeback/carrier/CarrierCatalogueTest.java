package io.writeback.carrier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.writeback.channel.Channel;
import io.writeback.failure.FailureCategory;
import io.writeback.failure.WritebackFailure;
import io.writeback.shipment.ShipmentEvent;
import io.writeback.shipment.TrackingRules;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CarrierCatalogueTest {

    private final TrackingRules rules = new TrackingRules();

    /** Valid test numbers of jkeen/tracking_number_data (carts.md §7.2), with their check digits. */
    @ParameterizedTest
    @CsvSource({
            "ups, 1Z5R89390357567127",
            "ups, 1z5r 8939 0357 5671 27",
            "usps, 03071790000523483741",
            "usps, 9400111206206406260787",
            "usps, 420221539101026837331000039521",
            "usps, RB123456785US",
            "fedex, 986578788855",
            "fedex, 041441760228964",
            "fedex, 00012345000000000027",
            "fedex, 9611020987654312345672",
            "dhl_express, 3318810025",
            "dhl_express, JJD0099999999",
            "ontrac, C11031500001879",
            "amazon_logistics, TBA000000000000",
    })
    void acceptsValidNumbers(String carrier, String number) {
        Tracking tracking = rules.resolve(event(Channel.SHOPIFY, carrier, number));
        assertThat(tracking.number()).isEqualTo(number.replace(" ", "").toUpperCase());
        assertThat(tracking.url()).startsWith("https://").contains(tracking.number());
    }

    @ParameterizedTest
    @CsvSource({
            "ups, 1Z5R89390357567128, check digit",
            "usps, 03071790000523483742, check digit",
            "fedex, 986578788856, check digit",
            "dhl_express, 3318810026, check digit",
            "usps, 1Z5R89390357567127, looks like a UPS number",
            "fedex, 1Z5R89390357567127, looks like a UPS number",
            "ups, 12345, wrong length",
    })
    void rejectsInvalidNumbersSayingWhy(String carrier, String number, String why) {
        assertThatThrownBy(() -> rules.resolve(event(Channel.SHOPIFY, carrier, number)))
                .isInstanceOfSatisfying(WritebackFailure.class,
                        f -> assertThat(f.getCategory()).isEqualTo(FailureCategory.INVALID_TRACKING))
                .hasMessageContaining(why);
    }

    @Test
    void onlyAmazonAcceptsAShipmentWithoutTracking() {
        assertThat(rules.resolve(event(Channel.AMAZON, "ups", "")).hasNumber()).isFalse();
        for (Channel channel : List.of(Channel.SHOPIFY, Channel.BIGCOMMERCE, Channel.MAGENTO, Channel.WOOCOMMERCE,
                Channel.VOLUSION)) {
            assertThatThrownBy(() -> rules.resolve(event(channel, "ups", "")))
                    .isInstanceOfSatisfying(WritebackFailure.class,
                            f -> assertThat(f.getCategory()).isEqualTo(FailureCategory.MISSING_TRACKING));
        }
    }

    @Test
    void otherCarrierUsesItsNameAndTheEventsUrl() {
        ShipmentEvent event = new ShipmentEvent("S", "1", Channel.SHOPIFY, "s", "1", "WH", "other", "Example Freight",
                null, "EF12345", "https://track.example.com/EF12345", Instant.now(),
                List.of(new ShipmentEvent.Item(null, "1", 1)), null, false);
        Tracking tracking = rules.resolve(event);
        assertThat(tracking.carrierName()).isEqualTo("Example Freight");
        assertThat(tracking.url()).isEqualTo("https://track.example.com/EF12345");
    }

    @Test
    void trackingUrlMustBeHttp() {
        ShipmentEvent event = new ShipmentEvent("S", "1", Channel.SHOPIFY, "s", "1", "WH", "ups", null, null,
                "1Z5R89390357567127", "javascript:alert(1)", Instant.now(),
                List.of(new ShipmentEvent.Item(null, "1", 1)), null, false);
        assertThatThrownBy(() -> rules.resolve(event)).hasMessageContaining("is not an http(s) URL");
    }

    /** The contract's carrier table (design.md §2.8) for the carts that list the carrier by name. */
    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
            "usps,        USPS,                USPS,   usps,   usps,   USPS,   USPS",
            "ups,         UPS,                 UPS,    ups,    ups,    UPS,    UPS",
            "fedex,       FedEx,               FedEx,  fedex,  fedex,  Fedex,  FEDEX",
            "dhl_express, DHL Express,         DHL,    dhl,    dhl,    -,      DHL",
            "ontrac,      OnTrac,              OnTrac, ontrac, -,      OnTrac, ONTRAC",
            "amazon_logistics, Amazon Logistics US, -, -,      -,      -,      AMAZON",
            "other,       -,                   -,      -,      -,      -,      -",
    })
    void namesEachCarrierTheWayEachCartListsIt(String code, String shopify, String amazon, String bigcommerce,
                                               String magento, String woocommerce, String volusion) {
        Carrier carrier = Carrier.fromCode(code).orElseThrow();
        assertThat(carrier.cartName(Channel.SHOPIFY).orElse(null)).isEqualTo(shopify);
        assertThat(carrier.cartName(Channel.AMAZON).orElse(null)).isEqualTo(amazon);
        assertThat(carrier.cartName(Channel.BIGCOMMERCE).orElse(null)).isEqualTo(bigcommerce);
        assertThat(carrier.cartName(Channel.MAGENTO).orElse(null)).isEqualTo(magento);
        assertThat(carrier.cartName(Channel.WOOCOMMERCE).orElse(null)).isEqualTo(woocommerce);
        assertThat(carrier.cartName(Channel.VOLUSION).orElse(null)).isEqualTo(volusion);
    }

    private static ShipmentEvent event(Channel channel, String carrier, String trackingNumber) {
        return new ShipmentEvent("SHP-1", "1001", channel, "store", "1001", "WH-A", carrier, null, null,
                Tracking.normalise(trackingNumber), null, Instant.parse("2026-11-21T15:04:05Z"),
                List.of(new ShipmentEvent.Item("TEE", "11", 1)), null, false);
    }
}
