package io.writeback.cart.amazon;

import static io.writeback.TestEvent.item;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.writeback.CartRequestSchemas;
import io.writeback.TestEvent;
import io.writeback.WritebackTestSupport;
import io.writeback.sandbox.SandboxCart;
import io.writeback.sandbox.amazon.AmazonSandbox;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AmazonWritebackTest extends WritebackTestSupport {

    private static final String ORDER = "113-1234567-1234567";

    AmazonSandbox.Seller seller;

    @BeforeEach
    void seller() {
        seller = amazon.createSeller("test", "test-client", "test-secret", "Atzr|test-refresh")
                .order(ORDER, "79039765272157", 2, "79039765272158", 1, "79039765272159", 1);
    }

    private static TestEvent event(String shipmentId) {
        return TestEvent.of(shipmentId, "amazon", "test-amazon", ORDER, item("TEE", "79039765272157", 2));
    }

    @Test
    void confirmsTheShipmentWithABodyThatValidatesAgainstTheOfficialSpec() {
        send(event("AMZ-1"));

        assertThat(awaitShipment("AMZ-1", "SYNCED")).containsEntry("channel_reference", "package 1");
        JsonNode detail = seller.packages(ORDER).get("1");
        assertThat(detail.path("carrierCode").asText()).isEqualTo("UPS");
        assertThat(detail.has("carrierName")).isFalse();
        assertThat(detail.path("trackingNumber").asText()).isEqualTo("1Z5R89390357567127");
        assertThat(detail.path("shippingMethod").asText()).isEqualTo("UPS Ground");
        assertThat(detail.path("shipDate").asText()).isEqualTo("2026-11-21T15:04:05Z");
        assertThat(detail.path("orderItems").get(0).path("orderItemId").asText()).isEqualTo("79039765272157");
        assertThat(detail.path("orderItems").get(0).path("quantity").asInt()).isEqualTo(2);
        assertThat(detail.has("shipFromSupplySourceId")).isFalse();
        for (SandboxCart.Request request : seller.requests("confirmShipment " + ORDER)) {
            assertThat(CartRequestSchemas.problems(CartRequestSchemas.amazonConfirmShipment(), request.body()))
                    .isEmpty();
        }
    }

    @Test
    void shipmentWithoutTrackingIsConfirmedWithAnEmptyTrackingNumber() {
        send(event("AMZ-2").without("trackingNumber"));

        awaitShipment("AMZ-2", "SYNCED");
        assertThat(seller.packages(ORDER).get("1").path("trackingNumber").asText()).isEmpty();
        assertThat(CartRequestSchemas.problems(CartRequestSchemas.amazonConfirmShipment(),
                seller.requests("confirmShipment " + ORDER).get(0).body())).isEmpty();
    }

    @Test
    void eachPackageOfAnOrderGetsItsOwnStableReferenceId() {
        send(event("AMZ-3"));
        awaitShipment("AMZ-3", "SYNCED");
        send(TestEvent.of("AMZ-4", "amazon", "test-amazon", ORDER, item("MUG", "79039765272158", 1))
                .with("trackingNumber", "1Z999AA10123456784"));
        awaitShipment("AMZ-4", "SYNCED");
        send(event("AMZ-3"));

        assertThat(seller.packages(ORDER)).containsOnlyKeys("1", "2");
        assertThat(seller.packages(ORDER).get("2").path("trackingNumber").asText()).isEqualTo("1Z999AA10123456784");
        assertThat(shipment("AMZ-4")).containsEntry("channel_reference", "package 2");
    }

    @Test
    void carriersAmazonDoesNotListAreSentAsOtherWithTheirName() {
        send(event("AMZ-5").with("carrier", "other").with("carrierName", "Example Freight")
                .with("trackingNumber", "EF12345"));
        send(TestEvent.of("AMZ-6", "amazon", "test-amazon", ORDER, item("MUG", "79039765272158", 1))
                .with("carrier", "dhl_express").with("trackingNumber", "3318810025"));

        awaitShipment("AMZ-5", "SYNCED");
        awaitShipment("AMZ-6", "SYNCED");
        JsonNode other = seller.packages(ORDER).get("1");
        assertThat(other.path("carrierCode").asText()).isEqualTo("Other");
        assertThat(other.path("carrierName").asText()).isEqualTo("Example Freight");
        assertThat(seller.packages(ORDER).get("2").path("carrierCode").asText()).isEqualTo("DHL");
    }

    @Test
    void mappedWarehouseIsSentAsTheSupplySource() {
        send(event("AMZ-7").with("warehouseId", "WH-S"));

        awaitShipment("AMZ-7", "SYNCED");
        assertThat(seller.packages(ORDER).get("1").path("shipFromSupplySourceId").asText())
                .isEqualTo("supply-source-1");
    }

    @Test
    void accessTokenIsFetchedOnceReusedAndRefreshedOnceWhenAmazonSaysItExpired() {
        seller.expireTokens(); // whatever token an earlier test left in the cache
        send(event("AMZ-8"));
        awaitShipment("AMZ-8", "SYNCED");
        send(TestEvent.of("AMZ-9", "amazon", "test-amazon", ORDER, item("MUG", "79039765272158", 1))
                .with("trackingNumber", "1Z999AA10123456784"));
        awaitShipment("AMZ-9", "SYNCED");
        assertThat(seller.tokensIssued()).isEqualTo(1);

        seller.expireTokens();
        int callsBefore = seller.requests("confirmShipment " + ORDER).size();
        send(TestEvent.of("AMZ-10", "amazon", "test-amazon", ORDER, item("CAP", "79039765272159", 1))
                .with("trackingNumber", "1Z12345E0205271686"));

        assertThat(awaitShipment("AMZ-10", "SYNCED")).containsEntry("attempts", 1);
        assertThat(seller.tokensIssued()).isEqualTo(2);
        assertThat(seller.requests("confirmShipment " + ORDER)).hasSize(callsBefore + 2);
        assertThat(seller.packages(ORDER).get("3").path("trackingNumber").asText()).isEqualTo("1Z12345E0205271686");
    }

    @Test
    void quotaExceededIsWaitedOutWithoutCountingAsAnAttempt() {
        seller.rateLimit(1);
        send(event("AMZ-10"));

        assertThat(awaitShipment("AMZ-10", "SYNCED")).containsEntry("attempts", 1);
        assertThat(seller.requests("confirmShipment " + ORDER)).hasSize(2);
        assertThat(timeline("1001", "THROTTLED")).singleElement().asString()
                .contains("rate limiting us (429)", "not counted as an attempt");
        assertThat(seller.packages(ORDER)).hasSize(1);
    }

    @Test
    void refusedRefreshTokenIsAuthFailedWithoutSecrets() {
        send(event("AMZ-11").with("storeId", "test-amazon-revoked"));

        Exchange failed = awaitFailedMessage();
        assertThat(failed.getIn().getHeader("WritebackFailureCategory")).isEqualTo("AUTH_FAILED");
        assertThat(failed.getIn().getHeader("WritebackFailureReason", String.class))
                .contains("Login with Amazon refused", "invalid grant parameter")
                .doesNotContain("Atzr|revoked", "test-secret");
        assertThat(seller.packages(ORDER)).isEmpty();
    }

    @Test
    void unknownOrderItemIsRejectedWithAmazonsMessage() {
        send(TestEvent.of("AMZ-12", "amazon", "test-amazon", ORDER, item("X", "99999999999999", 1)));

        Exchange failed = awaitFailedMessage();
        assertThat(failed.getIn().getHeader("WritebackFailureCategory")).isEqualTo("REJECTED");
        assertThat(failed.getIn().getHeader("WritebackFailureReason", String.class))
                .contains("Amazon store test-amazon rejected the request (400", "OrderItemId 99999999999999");
    }

    @Test
    void anAttemptWhoseAnswerNeverCameIsConfirmedByReadingTheOrderNotByASecondConfirmation() {
        // an access token first, so that the slow call below is the confirmation
        seller.order("113-7654321-7654321", "79039765272160", 1);
        send(TestEvent.of("AMZ-0", "amazon", "test-amazon", "113-7654321-7654321", item("MUG", "79039765272160", 1))
                .with("orderNumber", "1000"));
        awaitShipment("AMZ-0", "SYNCED");
        // longer than the 5 s request timeout: Amazon confirms the package, but we never see its answer
        seller.slow(java.time.Duration.ofSeconds(6), 1);
        send(event("AMZ-13"));

        assertThat(awaitShipment("AMZ-13", "SYNCED")).containsEntry("attempts", 2)
                .containsEntry("channel_reference", "package 1");
        assertThat(seller.requests("confirmShipment " + ORDER)).hasSize(1);
        assertThat(seller.requests("getOrderItems " + ORDER)).as("every page of the order's items").hasSize(2);
        assertThat(seller.packages(ORDER)).containsOnlyKeys("1");
        assertThat(timeline("1001", "SYNCED")).singleElement().asString()
                .contains("Confirmed by reading Amazon order", "not confirmed a second time");
        assertThat(tags("1001")).isEmpty();
    }

    @Test
    void anAnsweredAttemptIsNotFollowedByAReadAndAmazonRefusesAPackageConfirmedTwice() {
        send(event("AMZ-14"));
        awaitShipment("AMZ-14", "SYNCED");
        assertThat(seller.requests("getOrderItems " + ORDER)).isEmpty();

        // another shipment of the same items: Amazon's own rule answers, with its message
        send(event("AMZ-15").with("trackingNumber", "1Z999AA10123456784"));
        Exchange failed = awaitFailedMessage();
        assertThat(failed.getIn().getHeader("WritebackFailureReason", String.class))
                .contains("is already shipped; the shipment cannot be confirmed");
        assertThat(seller.requests("getOrderItems " + ORDER)).isEmpty();
    }
}
