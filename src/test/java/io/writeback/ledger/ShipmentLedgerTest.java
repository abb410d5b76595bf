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
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private Void receive(CyclicBarrier start, String orderNumber, String shipmentId) throws Exception {
        ShipmentEvent event = new ShipmentEvent(shipmentId, orderNumber, Channel.SHOPIFY, "test-shopify", "1001",
                "WH-A", "ups", null, null, "1Z5R89390357567127", null, Instant.now(),
                List.of(new ShipmentEvent.Item("TEE", "11", 1)), null, false);
        start.await();
        ledger.receive(event, "{}", null);
        return null;
    }
}
