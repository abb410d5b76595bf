package io.writeback.cart.magento;

import static io.writeback.TestEvent.item;
import static org.assertj.core.api.Assertions.assertThat;

import io.writeback.CartRequestSchemas;
import io.writeback.TestEvent;
import io.writeback.WritebackTestSupport;
import io.writeback.sandbox.magento.MagentoSandbox;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MagentoWritebackTest extends WritebackTestSupport {

    MagentoSandbox.Store store;

    @BeforeEach
    void store() {
        store = magento.createStore("test", "test-token", "default", "ne_wh").order(3001, 3L, 2, 4L, 1);
    }

    private static TestEvent event(String shipmentId) {
        return TestEvent.of(shipmentId, "magento", "test-magento", "3001", item("TEE", "3", 2));
    }

    @Test
    void shipsFromTheMappedSourceWithABodyThatValidatesAgainstTheOfficialSpec() {
        send(event("MG-1"));

        assertThat(awaitShipment("MG-1", "SYNCED")).containsEntry("channel_reference", "1");
        Map<String, Object> shipment = store.shipments(3001).get(0);
        assertThat(shipment).containsEntry("source_code", "ne_wh").containsEntry("notify", true);
        assertThat(shipment.get("tracks")).isEqualTo(List.of(Map.of("track_number", "1Z5R89390357567127",
                "title", "UPS", "carrier_code", "ups")));
        assertThat(shipment.get("items")).isEqualTo(List.of(Map.of("order_item_id", 3, "qty", 2)));
        assertThat(CartRequestSchemas.problems(CartRequestSchemas.magentoShip(),
                store.requests("POST ship 3001").get(0).body())).isEmpty();
    }

    @Test
    void carriersMagentoHasNoCodeForAreCustomWithTheirName() {
        send(event("MG-2").with("carrier", "ontrac").with("trackingNumber", "C11031500001879")
                .with("notifyCustomer", false));

        awaitShipment("MG-2", "SYNCED");
        Map<String, Object> shipment = store.shipments(3001).get(0);
        assertThat(shipment.get("tracks")).isEqualTo(List.of(Map.of("track_number", "C11031500001879",
                "title", "OnTrac", "carrier_code", "custom")));
        assertThat(shipment).containsEntry("notify", false);
    }

    @Test
    void orderWithNothingLeftToShipIsAlreadyShipped() {
        send(TestEvent.of("MG-3", "magento", "test-magento", "3001", item("TEE", "3", 2), item("MUG", "4", 1)));
        awaitShipment("MG-3", "SYNCED");

        send(TestEvent.of("MG-4", "magento", "test-magento", "3001", item("TEE", "3", 1))
                .with("trackingNumber", "1Z999AA10123456784"));

        Exchange failed = awaitFailedMessage();
        assertThat(failed.getIn().getHeader("WritebackFailureCategory")).isEqualTo("ALREADY_SHIPPED");
        assertThat(failed.getIn().getHeader("WritebackFailureReason", String.class))
                .contains("The order does not allow a shipment to be created");
    }

    @Test
    void invalidQuantityIsItemsMismatchNamingTheItem() {
        send(TestEvent.of("MG-5", "magento", "test-magento", "3001", item("MUG", "4", 5)));

        Exchange failed = awaitFailedMessage();
        assertThat(failed.getIn().getHeader("WritebackFailureCategory")).isEqualTo("ITEMS_MISMATCH");
        assertThat(failed.getIn().getHeader("WritebackFailureReason", String.class))
                .contains("We found an invalid quantity to ship for item \"4\"");
    }

    @Test
    void shipmentAlreadyInMagentoWithTheSameTrackIsNotShippedAgain() {
        send(event("MG-6"));
        awaitShipment("MG-6", "SYNCED");
        // as if the app crashed after the cart call, before the ledger recorded it
        jdbc.sql("UPDATE shipment SET status = 'PENDING', synced_tracking_number = NULL, channel_reference = NULL"
                + " WHERE shipment_id = 'MG-6'").update();

        send(event("MG-6"));

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> store.requests("GET shipments").size() == 2);
        awaitShipment("MG-6", "SYNCED");
        assertThat(store.requests("POST ship 3001")).hasSize(1);
    }

    @Test
    void nonNumericOrderIdIsInvalidBeforeAnyCall() {
        send(TestEvent.of("MG-7", "magento", "test-magento", "000000123-A", item("TEE", "3", 1)));

        Exchange failed = awaitFailedMessage();
        assertThat(failed.getIn().getHeader("WritebackFailureCategory")).isEqualTo("INVALID_MESSAGE");
        assertThat(failed.getIn().getHeader("WritebackFailureReason", String.class))
                .contains("'channelOrderId' must be a Magento id");
        assertThat(store.requests()).isEmpty();
    }
}
