package io.writeback.shipment;

import static org.assertj.core.api.Assertions.assertThat;

import io.writeback.TestEvent;
import io.writeback.WritebackTestSupport;
import java.util.List;
import java.util.stream.Stream;
import org.apache.camel.Exchange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input never stalls the consumer and is never lost: each message lands on shipments.failed byte for byte with
 * its category and a reason that names the problem, no cart is called, and the next good message still flows.
 */
class BadInputTest extends WritebackTestSupport {

    static Stream<Arguments> badInput() {
        return Stream.of(
                Arguments.of("not JSON", "{\"shipmentId\": \"SHP-1\", ", "INVALID_MESSAGE", "not valid JSON"),
                Arguments.of("a JSON array", "[1, 2, 3]", "INVALID_MESSAGE", "must be a JSON object"),
                Arguments.of("missing required field", TestEvent.shopify("SHP-1").without("warehouseId").json(),
                        "INVALID_MESSAGE", "Field 'warehouseId' is required"),
                Arguments.of("wrong type", TestEvent.shopify("SHP-1").with("items",
                                List.of(TestEvent.item("TEE", "11", "two"))).json(),
                        "INVALID_MESSAGE", "Field 'items[0].quantity' must be an integer, got string \"two\""),
                Arguments.of("shipDate not an instant", TestEvent.shopify("SHP-1").with("shipDate", "21/11/2026").json(),
                        "INVALID_MESSAGE", "Field 'shipDate' must be an ISO-8601 instant"),
                Arguments.of("unknown channel", TestEvent.shopify("SHP-1").with("channel", "ebay").json(),
                        "UNKNOWN_CHANNEL", "Channel 'ebay' is not supported"),
                Arguments.of("unknown store", TestEvent.shopify("SHP-1").with("storeId", "nobody").json(),
                        "UNKNOWN_STORE", "Store 'nobody' is not configured"),
                Arguments.of("store of another channel", TestEvent.shopify("SHP-1").with("channel", "amazon").json(),
                        "UNKNOWN_STORE", "Store 'test-shopify' is a Shopify store, but the event is for Amazon"),
                Arguments.of("zero items", TestEvent.shopify("SHP-1").with("items", List.of()).json(),
                        "INVALID_MESSAGE", "Field 'items' is empty"),
                Arguments.of("negative quantity", TestEvent.shopify("SHP-1").with("items",
                                List.of(TestEvent.item("TEE", "11", -1))).json(),
                        "INVALID_MESSAGE", "Field 'items[0].quantity' must be between 1 and 100000, got -1"),
                Arguments.of("1 MB body, not read", TestEvent.shopify("SHP-1").with("padding", "x".repeat(1_048_576))
                        .json(), "INVALID_MESSAGE", "may be at most 262144 bytes (writeback.intake.max-message-bytes)"),
                Arguments.of("300 KB body, read", TestEvent.shopify("SHP-1").with("padding", "x".repeat(300_000))
                        .json(), "INVALID_MESSAGE", "may be at most 262144 bytes (writeback.intake.max-message-bytes)"),
                Arguments.of("deeply nested JSON", "[".repeat(5000) + "]".repeat(5000), "INVALID_MESSAGE",
                        "not valid JSON"),
                Arguments.of("tracking number with punctuation", TestEvent.shopify("SHP-1")
                                .with("trackingNumber", "1Z5R-8939-0357-567127").json(),
                        "INVALID_TRACKING", "contains '-': a tracking number has only letters and digits"),
                Arguments.of("UPS number sent as USPS", TestEvent.shopify("SHP-1").with("carrier", "usps").json(),
                        "INVALID_TRACKING", "is not a valid USPS tracking number; it looks like a UPS number"),
                Arguments.of("check digit wrong", TestEvent.shopify("SHP-1")
                                .with("trackingNumber", "1Z5R89390357567128").json(),
                        "INVALID_TRACKING", "is not a valid UPS tracking number (wrong length, format or check digit)"),
                Arguments.of("missing tracking", TestEvent.shopify("SHP-1").with("trackingNumber", " ").json(),
                        "MISSING_TRACKING", "Shopify needs a tracking number to mark order 1001 shipped"),
                Arguments.of("unknown carrier", TestEvent.shopify("SHP-1").with("carrier", "pigeon").json(),
                        "INVALID_CARRIER", "Carrier 'pigeon' is unknown"),
                Arguments.of("other carrier without name", TestEvent.shopify("SHP-1").with("carrier", "other").json(),
                        "INVALID_CARRIER", "Carrier 'other' needs the carrier's name in carrierName"),
                Arguments.of("SQL and control characters in ids", TestEvent.shopify("SHP-1'; DROP TABLE shipment;--")
                        .with("orderNumber", "1001\u0000").json(), "INVALID_MESSAGE", "Field 'shipmentId' must be"),
                Arguments.of("SQL metacharacters in every string field", sqlInEveryField(), "INVALID_MESSAGE",
                        "Field 'shipmentId' must be"),
                Arguments.of("control characters in the tracking number", TestEvent.shopify("SHP-1")
                        .with("trackingNumber", "1Z5R8939\u00000357567127").json(), "INVALID_MESSAGE",
                        "Field 'trackingNumber' must be at most 128 characters, no control characters"),
                Arguments.of("a channel of 40 characters", TestEvent.shopify("SHP-1").with("channel", "x".repeat(40))
                        .json(), "UNKNOWN_CHANNEL", "is not supported"));
    }

    private static String sqlInEveryField() {
        String sql = "x'); DELETE FROM shipment; --";
        TestEvent event = TestEvent.shopify(sql);
        for (String field : List.of("orderNumber", "channel", "storeId", "channelOrderId", "warehouseId", "carrier",
                "carrierName", "shippingMethod", "trackingNumber", "trackingUrl", "shipDate")) {
            event.with(field, sql);
        }
        return event.with("items", List.of(TestEvent.item(sql, sql, 1))).json();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInput")
    void badInputEndsOnTheFailedQueueWithItsReasonAndTheNextMessageFlows(String name, String body, String category,
                                                                         String reason) {
        send(body);
        send(TestEvent.shopify("SHP-GOOD"));

        Exchange failed = awaitFailedMessage();
        assertThat(failed.getIn().getBody(String.class)).isEqualTo(body);
        assertThat(failed.getIn().getHeader("WritebackFailureCategory")).isEqualTo(category);
        assertThat(failed.getIn().getHeader("WritebackFailureReason", String.class)).contains(reason);
        assertThat(failed.getIn().getHeader("WritebackAttempts")).isEqualTo(0);
        awaitShipment("SHP-GOOD", "SYNCED");
        assertThat(shop.fulfillments(1001)).hasSize(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM shipment WHERE shipment_id <> 'SHP-GOOD' AND status <> 'FAILED'")
                .query(Integer.class).single()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInput")
    void failureIsTaggedOnTheOrderWhenTheEventNamesItsShipmentAndOrder(String name, String body, String category,
                                                                       String reason) {
        // a body over the size limit is not parsed for the shipment it names
        ShipmentEventParser.Identity identity = body.length() > 262144 ? ShipmentEventParser.Identity.NONE
                : new ShipmentEventParser(262144, 500).identify(body);
        send(body);

        awaitFailedMessage();
        if (identity.shipmentId() != null && identity.orderNumber() != null) {
            assertThat(shipment(identity.shipmentId())).containsEntry("status", "FAILED")
                    .containsEntry("last_failure_category", category);
            assertThat(tags(identity.orderNumber())).containsExactly(FAILED_TAG);
        } else {
            assertThat(jdbc.sql("SELECT COUNT(*) FROM shipment").query(Integer.class).single()).isZero();
        }
    }
}
