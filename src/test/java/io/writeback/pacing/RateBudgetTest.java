package io.writeback.pacing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.writeback.TestEvent;
import io.writeback.WritebackTestSupport;
import io.writeback.sandbox.shopify.SandboxShop;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The per-store rate budget and its isolation, against the Shopify sandbox. {@code test-shopify-paced}
 * is configured with 20 points refilled at 40 per second, and a write costs 20 points (two queries of 10): one
 * write at once, then one every 0.5 s, although the sandbox itself would allow far more.
 */
class RateBudgetTest extends WritebackTestSupport {

    private SandboxShop paced;

    @BeforeEach
    void pacedShop() {
        paced = sandbox.createShop("paced", "paced-token").location(1, "Main Warehouse", "TEE");
        IntStream.rangeClosed(1, 8).forEach(order -> paced.order(order, "#P" + order, 1, 100L + order, "TEE", 1));
    }

    @Test
    void writesWaitForTheStoresBudgetInsteadOfBeingRefused() {
        IntStream.rangeClosed(1, 6).forEach(order -> send(pacedEvent(order)));

        IntStream.rangeClosed(1, 6).forEach(order -> awaitShipment("PACED-" + order, "SYNCED"));
        List<Long> reads = paced.requestTimes("OrderFulfillments");
        assertThat(reads).hasSize(6); // each write read its order once: nothing refused, nothing tried twice
        // the sixth write came due 2.5 s after the first
        assertThat(reads.get(5) - reads.get(0)).isGreaterThanOrEqualTo(2400L);
        IntStream.rangeClosed(1, 6).forEach(order -> {
            assertThat(shipment("PACED-" + order)).containsEntry("attempts", 1);
            assertThat(paced.fulfillments(order)).hasSize(1);
        });
        assertThat(jdbc.sql("SELECT COUNT(*) FROM order_timeline WHERE event IN ('THROTTLED', 'ATTEMPT_FAILED')")
                .query(Long.class).single()).isZero();
        // the sandbox reports 1,000 points restored at 100/s: a configured share is a ceiling it does not raise
        RateStatus budget = rateBudget.status(stores.find("test-shopify-paced").orElseThrow());
        assertThat(budget.capacity()).isEqualTo(20.0);
        assertThat(budget.perSecond()).isEqualTo(40.0);
    }

    @Test
    void aStoreWaitingForItsBudgetHoldsUpNoOtherStore() {
        IntStream.rangeClosed(1, 8).forEach(order -> send(pacedEvent(order))); // the last comes due after 3.5 s
        send(TestEvent.shopify("SHP-FREE"));

        awaitShipment("SHP-FREE", "SYNCED");
        // had the paced writes waited in the channel's consumer threads (4 at first), SHP-FREE would have queued
        // behind at least one of the waits of 2 s or more
        assertThat(pacedSynced()).isLessThanOrEqualTo(3);

        IntStream.rangeClosed(1, 8).forEach(order -> awaitShipment("PACED-" + order, "SYNCED"));
        IntStream.rangeClosed(1, 8).forEach(order -> assertThat(paced.fulfillments(order)).hasSize(1));
        assertThat(paced.requestTimes("FulfillmentCreate")).hasSize(8);
    }

    @Test
    void writesWhoseSlotPassedWhileTheirChannelWasSuspendedTakeNewSlots() throws Exception {
        camel.getRouteController().suspendRoute("writeback-shopify");
        try {
            IntStream.rangeClosed(1, 4).forEach(order -> send(pacedEvent(order))); // slots 0, 0.5, 1, 1.5 s
            await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql("SELECT COUNT(*) FROM shipment WHERE"
                    + " store_id = 'test-shopify-paced'").query(Long.class).single() == 4);
            // the measured window: the channel stays suspended until every slot has passed
            await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> true);
        } finally {
            camel.getRouteController().resumeRoute("writeback-shopify");
        }

        IntStream.rangeClosed(1, 4).forEach(order -> awaitShipment("PACED-" + order, "SYNCED"));
        List<Long> reads = paced.requestTimes("OrderFulfillments");
        assertThat(reads).hasSize(4);
        // not all four at once on resume: they reserved again, one write at once, then one every 0.5 s
        assertThat(reads.get(3) - reads.get(0)).isGreaterThanOrEqualTo(1400L);
    }

    private long pacedSynced() {
        return jdbc.sql("SELECT COUNT(*) FROM shipment WHERE store_id = 'test-shopify-paced' AND status = 'SYNCED'")
                .query(Long.class).single();
    }

    private static TestEvent pacedEvent(int order) {
        return TestEvent.shopifyOrder("PACED-" + order, "P" + order, Long.toString(100 + order), 1)
                .with("storeId", "test-shopify-paced").with("channelOrderId", Integer.toString(order));
    }
}
