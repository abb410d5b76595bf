package io.writeback.inventory;

import static io.writeback.TestInventory.event;
import static org.awaitility.Awaitility.await;

import io.writeback.TestEvent;
import io.writeback.WritebackTestSupport;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What inventory writeback costs and does at a cart's real latency (sandbox Shopify answering in
 * {@code -Dbench.latency-ms}, default 300): a full count of {@code -Dbench.skus} SKUs (10,000), and a stream of updates
 * that keep changing the same SKUs, each printed with the cart calls made, the time to the last count written, and
 * how long tracking writes of the same store took meanwhile. Not part of the test suite (its name does not end in
 * Test); docs/performance.md has the command and the figures.
 */
class InventoryBenchmark extends WritebackTestSupport {

    private static final int SKUS = Integer.getInteger("bench.skus", 10_000);
    private static final int LATENCY_MS = Integer.getInteger("bench.latency-ms", 300);
    private static final String STORE = "test-shopify";

    @Test
    void aFullCountAndAStreamOfUpdatesAtCartLatency() {
        String[] skus = new String[SKUS];
        for (int i = 0; i < SKUS; i++) {
            skus[i] = String.format("SKU-%06d", i);
        }
        shop.location(1, "Main Warehouse", skus);
        shop.slow(Duration.ofMillis(LATENCY_MS));
        Instant counted = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3600);

        // tracking writes alone, for comparison
        List<Long> alone = trackingWrites(0, 10);

        // a full count: SKUS counts in events of 5,000, and 20 tracking writes of the same store one after the other
        // while it is written
        long started = System.nanoTime();
        for (int from = 0; from < SKUS; from += 5000) {
            sendInventory(counts(counted, skus, from, Math.min(SKUS, from + 5000), 7));
        }
        List<Long> tracking = trackingWrites(10, 20);
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(250))
                .until(() -> Integer.valueOf(7).equals(shop.available(1, skus[SKUS - 1])) && synced() == SKUS);
        double fullSeconds = (System.nanoTime() - started) / 1e9;
        int fullSets = shop.requests("InventorySetQuantities").size();
        int fullLookups = shop.requests("InventoryItemsBySku").size();
        System.out.printf("%ntracking writes alone: median %d ms, max %d ms%n", median(alone),
                alone.stream().mapToLong(Long::longValue).max().orElse(0));
        System.out.printf("full count: %d SKUs written in %.1f s (%.0f SKUs/s) with %d inventorySetQuantities and"
                        + " %d item lookups at %d ms a call; tracking writes meanwhile: median %d ms, max %d ms%n",
                SKUS, fullSeconds, SKUS / fullSeconds, fullSets, fullLookups, LATENCY_MS, median(tracking),
                tracking.stream().mapToLong(Long::longValue).max().orElse(0));

        // the same SKUs counted again: their items are known
        started = System.nanoTime();
        for (int from = 0; from < SKUS; from += 5000) {
            sendInventory(counts(counted.plusSeconds(1), skus, from, Math.min(SKUS, from + 5000), 8));
        }
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(250))
                .until(() -> Integer.valueOf(8).equals(shop.available(1, skus[SKUS - 1])) && synced() == SKUS);
        System.out.printf("second count: %d SKUs written in %.1f s with %d inventorySetQuantities and %d lookups%n",
                SKUS, (System.nanoTime() - started) / 1e9, shop.requests("InventorySetQuantities").size() - fullSets,
                shop.requests("InventoryItemsBySku").size() - fullLookups);
        fullSets = shop.requests("InventorySetQuantities").size();

        // a stream of updates: 200 events of the same 100 SKUs, each count newer than the last
        started = System.nanoTime();
        for (int update = 1; update <= 200; update++) {
            sendInventory(counts(counted.plusSeconds(1 + update), skus, 0, 100, update));
        }
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> Integer.valueOf(200).equals(shop.available(1, skus[99])) && synced() == SKUS);
        double streamSeconds = (System.nanoTime() - started) / 1e9;
        int streamSets = shop.requests("InventorySetQuantities").size() - fullSets;
        System.out.printf("stream: 200 events updating the same 100 SKUs (20,000 counts) written with %d"
                + " inventorySetQuantities in %.1f s: the latest of each, %d counts a call on average%n%n",
                streamSets, streamSeconds, 20_000 / Math.max(1, streamSets));
    }

    private static String counts(Instant countedAt, String[] skus, int from, int to, int available) {
        Object[] counts = new Object[2 * (to - from)];
        for (int i = from; i < to; i++) {
            counts[2 * (i - from)] = skus[i];
            counts[2 * (i - from) + 1] = available;
        }
        return event(STORE, "WH-A", countedAt, counts);
    }

    /** Sends tracking writes of the store one after the other and returns how long each took to be SYNCED, in ms. */
    private List<Long> trackingWrites(int first, int count) {
        List<Long> took = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            shop.order(9000 + i, "#" + (9000 + i), 1, 90_000L + i, "SKU-000000", 1);
        }
        for (int i = first; i < first + count; i++) {
            long sent = System.nanoTime();
            String id = "BENCH-" + i;
            send(TestEvent.shopifyOrder(id, Integer.toString(9000 + i), Long.toString(90_000L + i), 1));
            awaitShipment(id, "SYNCED");
            took.add((System.nanoTime() - sent) / 1_000_000);
        }
        return took;
    }

    private int synced() {
        return jdbc.sql("SELECT COUNT(*) FROM inventory_count WHERE store_id = ? AND status = 'SYNCED'").param(STORE)
                .query(Integer.class).single();
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
    }
}
