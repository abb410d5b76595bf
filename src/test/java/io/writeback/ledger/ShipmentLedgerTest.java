package io.writeback.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.writeback.WritebackTestSupport;
import io.writeback.channel.Channel;
import io.writeback.shipment.ShipmentEvent;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class ShipmentLedgerTest extends WritebackTestSupport {

    @Autowired
    ShipmentLedger ledger;

    @Test
    void twoShipmentsOfANewOrderReceivedAtOnceAreBothRecorded() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 25; round++) {
                String order = "RACE-" + round;
                CyclicBarrier start = new CyclicBarrier(2);
                List<Future<?>> both = List.of(
                        pool.submit(() -> receive(start, order, order + "-A")),
                        pool.submit(() -> receive(start, order, order + "-B")));
                for (Future<?> received : both) {
                    received.get();
                }
                assertThat(jdbc.sql("SELECT COUNT(*) FROM shipment WHERE order_number = ?").param(order)
                        .query(Integer.class).single()).isEqualTo(2);
                assertThat(jdbc.sql("SELECT status FROM writeback_order WHERE order_number = ?").param(order)
                        .query(String.class).single()).isEqualTo("PENDING");
                assertThat(packageNumbers(order)).containsExactly(1, 2);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aShipmentsPackageNumberFollowsArrivalNotTheClockOfTheInstanceThatReceivedIt() {
        ledger.receive(event("SKEW-A", "SKEW"), "{}", null);
        // received by an instance whose clock ran an hour ahead
        jdbc.sql("UPDATE shipment SET created_at = created_at + INTERVAL '1' HOUR WHERE shipment_id = 'SKEW-A'")
                .update();
        ledger.receive(event("SKEW-B", "SKEW"), "{}", null);
        ledger.receive(event("SKEW-A", "SKEW"), "{}", null); // received again (a retry): keeps its number

        assertThat(jdbc.sql("SELECT shipment_id, package_number FROM shipment WHERE order_number = 'SKEW'"
                + " ORDER BY shipment_id").query((rs, n) -> rs.getString(1) + "=" + rs.getInt(2)).list())
                .containsExactly("SKEW-A=1", "SKEW-B=2");
    }

    private List<Integer> packageNumbers(String orderNumber) {
        return jdbc.sql("SELECT package_number FROM shipment WHERE order_number = ? ORDER BY package_number")
                .param(orderNumber).query(Integer.class).list();
    }

    private Void receive(CyclicBarrier start, String orderNumber, String shipmentId) throws Exception {
        ShipmentEvent event = event(shipmentId, orderNumber);
        start.await();
        ledger.receive(event, "{}", null);
        return null;
    }

    private static ShipmentEvent event(String shipmentId, String orderNumber) {
        return new ShipmentEvent(shipmentId, orderNumber, Channel.SHOPIFY, "test-shopify", "1001", "WH-A", "ups", null,
                null, "1Z5R89390357567127", null, Instant.now(), List.of(new ShipmentEvent.Item("TEE", "11", 1)), null,
                false);
    }
}
