package io.writeback.cart.volusion;

import static io.writeback.TestEvent.item;
import static org.assertj.core.api.Assertions.assertThat;

import io.writeback.TestEvent;
import io.writeback.WritebackTestSupport;
import io.writeback.sandbox.volusion.VolusionSandbox;
import java.util.Map;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VolusionWritebackTest extends WritebackTestSupport {

    VolusionSandbox.Store store;

    @BeforeEach
    void store() {
        store = volusion.createStore("test", "test@example.com", "TESTENCRYPTEDPASSWORD").order(5001);
    }

    private static TestEvent event(String shipmentId) {
        return TestEvent.of(shipmentId, "volusion", "test-volusion", "5001", item("TEE", "11", 1));
    }

    @Test
    void importsTheTrackingNumberAndMarksTheOrderShipped() {
        send(event("VO-1"));

        assertThat(awaitShipment("VO-1", "SYNCED"))
                .containsEntry("channel_reference", "TrackingNumber 1Z5R89390357567127");
        assertThat(store.trackingNumbers(5001)).isEqualTo(Map.of("1Z5R89390357567127", "UPS"));
        assertThat(store.status(5001)).isEqualTo("Shipped");
        assertThat(store.requests("Import Insert-Update").get(0).body())
                .contains("<OrderID>5001</OrderID>", "<MarkOrderShipped>true</MarkOrderShipped>",
                        "<SendShippedEmail>true</SendShippedEmail>", "<ShipDate>2026-11-21T15:04:05</ShipDate>");
    }

    @Test
    void carrierNamesLongerThanTheGatewayColumnAreRefusedBeforeAnyCall() {
        send(event("VO-2").with("carrier", "other").with("carrierName", "Example Freight Lines")
                .with("trackingNumber", "EF12345"));

        Exchange failed = awaitFailedMessage();
        assertThat(failed.getIn().getHeader("WritebackFailureCategory")).isEqualTo("INVALID_CARRIER");
        assertThat(failed.getIn().getHeader("WritebackFailureReason", String.class))
                .contains("Gateway column holds at most 15 characters");
        assertThat(store.requests()).isEmpty();
    }

    @Test
    void anAnswerWithAnErrorIsRejectedWithVolusionsText() {
        send(TestEvent.of("VO-3", "volusion", "test-volusion", "9999", item("TEE", "11", 1)));

        Exchange failed = awaitFailedMessage();
        assertThat(failed.getIn().getHeader("WritebackFailureCategory")).isEqualTo("REJECTED");
        assertThat(failed.getIn().getHeader("WritebackFailureReason", String.class))
                .contains("OrderID 9999 does not exist");
    }

    @Test
    void refusedLoginIsAuthFailedAndTheUrlsSecretsAreNotInTheReason() {
        volusion.createStore("test", "test@example.com", "ANOTHERPASSWORD").order(5001);
        send(event("VO-4"));

        Exchange failed = awaitFailedMessage();
        assertThat(failed.getIn().getHeader("WritebackFailureCategory")).isEqualTo("AUTH_FAILED");
        assertThat(failed.getIn().getHeader("WritebackFailureReason", String.class))
                .doesNotContain("TESTENCRYPTEDPASSWORD");
    }
}
