package io.writeback.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Several instances, one broker, one database: the app as separate processes ({@code scaleout.instances}, 2 by
 * default) on the standalone Artemis with its logins and one PostgreSQL, with {@code writeback.rate-limit.shared}.
 * An instance killed with SIGKILL mid-stream and started again loses nothing and writes nothing twice; a store's
 * cart limit is kept by the instances together; a mapping added on one instance makes the failed shipments due, and
 * the clustered schedule retries each of them once across the instances; a retry asked of one instance is sent once.
 *
 * <p>CI runs a short version; the figures in docs/reliability.md come from {@code mvn -B test -Dtest=ScaleOutTest
 * -Dscaleout.instances=3 -Dscaleout.events=5000 -Dscaleout.stores=50 -Dscaleout.limited-events=120}
 * ({@code -Dscaleout.shared=false}: each instance with its own buckets, as before they were shared).
 */
class ScaleOutTest {

    private static final int INSTANCES = Integer.getInteger("scaleout.instances", 2);
    private static final Path DIR = Path.of("target", "reliability", "scale-out-" + System.currentTimeMillis())
            .toAbsolutePath();
    private static ScaleOutCluster cluster;

    @BeforeAll
    static void brokerAndDatabase() throws Exception {
        cluster = new ScaleOutCluster(DIR);
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void anInstanceKilledMidStreamLosesNothingAndNothingIsWrittenTwice() throws Exception {
        int events = Integer.getInteger("scaleout.events", 600);
        int storesPerCart = Integer.getInteger("scaleout.stores", 20) / 2;
        long seed = Long.getLong("scaleout.seed", System.nanoTime());
        String database = cluster.newDatabase();
        try (CountingCarts cart = new CountingCarts(20)) {
            List<AppProcess> apps = cluster.instances(INSTANCES, database, cart, storesPerCart,
                    cart.amazonStores(storesPerCart));
            try {
                ScaleOutCluster.startAll(apps);
                Instant begin = Instant.now();
                IntFunction<String> event = i -> i % 2 == 0
                        ? CrashRecoveryTest.eventForStore(i, (i / 2) % storesPerCart, 100_000)
                        : CrashRecoveryTest.amazonEvent(i, (i / 2) % storesPerCart);
                ExecutorService producer = Executors.newSingleThreadExecutor();
                Future<?> sent = producer.submit(() -> {
                    send(events, event);
                    return null;
                });
                // a random point of the stream, not a synchronisation: where the kill lands is the experiment
                TimeUnit.MILLISECONDS.sleep(1_000 + new Random(seed).nextInt(2_000));
                apps.get(0).kill();
                Instant killed = Instant.now();
                apps.get(0).start();
                sent.get();
                producer.shutdown();
                Map<String, Integer> statuses = CrashRecoveryTest.awaitNothingPendingOrFailed(apps.get(1), events,
                        Duration.ofMinutes(5));
                Duration took = Duration.between(begin, Instant.now());

                long twice = cart.fulfillments().values().stream().filter(f -> f.size() > 1).count()
                        + cart.confirmations().values().stream().filter(n -> n.get() > 1).count();
                System.out.printf("Scale-out, %d instances: %d events over %d stores, instance 1 killed %.1f s in"
                                + " (seed %d) and started again; %s; written twice %d; all done in %.1f s%n",
                        INSTANCES, events, storesPerCart * 2, Duration.between(begin, killed).toMillis() / 1000.0,
                        seed, statuses, twice, took.toMillis() / 1000.0);
                assertThat(statuses).isEqualTo(Map.of("SYNCED", events));
                assertThat(twice).isZero();
                assertThat(cart.fulfillments()).hasSize((events + 1) / 2);
                assertThat(cart.confirmations()).hasSize(events / 2);

                aMappingAddedOnOneInstanceRetriesEachFailureOnceAcrossThem(apps, cart, events);
                aRetryAskedOfOneInstanceIsSentOnce(apps, cart, database, events + 10);
            } finally {
                ScaleOutCluster.closeAll(apps);
            }
        }
    }

    /**
     * Shipments from an unmapped warehouse fail; the mapping is added through one instance; the clustered retry
     * schedule (every 2 s here) sends each of them once, whichever instance fires.
     */
    private void aMappingAddedOnOneInstanceRetriesEachFailureOnceAcrossThem(List<AppProcess> apps, CountingCarts cart,
                                                                           int first) throws Exception {
        int unmapped = 10;
        send(unmapped, i -> CrashRecoveryTest.eventForStore(i, 0, 100_000).replace("\"wh-a\"", "\"wh-z\""), first);
        Map<String, Integer> failed = CrashRecoveryTest.awaitNothingPending(apps.get(0), first + unmapped,
                Duration.ofMinutes(1));
        assertThat(failed).containsEntry("FAILED", unmapped);

        HttpResponse<String> mapped = apps.get(apps.size() - 1).api("PUT", "/api/stores/crash-0/location-mappings/wh-z",
                "{\"locationId\": \"gid://shopify/Location/1\"}");
        assertThat(mapped.statusCode()).isEqualTo(200);
        assertThat(mapped.body()).contains("\"retriesScheduled\":" + unmapped);
        assertThat(CrashRecoveryTest.awaitNothingPendingOrFailed(apps.get(0), first + unmapped,
                Duration.ofMinutes(1))).isEqualTo(Map.of("SYNCED", first + unmapped));
        for (int i = first; i < first + unmapped; i++) {
            JsonNode order = apps.get(0).order("CR-" + i);
            assertThat(order.path("timeline").findValuesAsText("event").stream()
                    .filter("RETRY_QUEUED"::equals)).as("retries of CR-%d", i).hasSize(1);
            assertThat(cart.fulfillments().get(Integer.toString(100_000 + i))).as("CR-%d in the cart", i).hasSize(1);
        }
    }

    /**
     * A shipment fails for want of a mapping; the mapping is then put straight into the database (so that no retry
     * is scheduled) and an operator retries the order through one instance: it is written once, whatever the other
     * instances and their schedule do.
     */
    private void aRetryAskedOfOneInstanceIsSentOnce(List<AppProcess> apps, CountingCarts cart, String database,
                                                    int i) throws Exception {
        send(1, n -> CrashRecoveryTest.eventForStore(n, 1, 100_000).replace("\"wh-a\"", "\"wh-y\""), i);
        assertThat(CrashRecoveryTest.awaitNothingPending(apps.get(0), i + 1, Duration.ofMinutes(1)))
                .containsEntry("FAILED", 1);
        try (var connection = cluster.connect(database)) {
            connection.createStatement().execute("INSERT INTO location_mapping (store_id, warehouse_id, location_id,"
                    + " updated_at) VALUES ('crash-1', 'wh-y', 'gid://shopify/Location/1', CURRENT_TIMESTAMP)");
        }
        assertThat(apps.get(1).api("POST", "/api/orders/CR-" + i + "/retry", null).statusCode()).isEqualTo(202);
        assertThat(CrashRecoveryTest.awaitNothingPendingOrFailed(apps.get(0), i + 1, Duration.ofMinutes(1)))
                .isEqualTo(Map.of("SYNCED", i + 1));
        TimeUnit.SECONDS.sleep(3); // a second run of the 2 s schedule, had it taken the retry too
        assertThat(apps.get(0).order("CR-" + i).path("timeline").findValuesAsText("event").stream()
                .filter("RETRY_QUEUED"::equals)).hasSize(1);
        assertThat(cart.fulfillments().get(Integer.toString(100_000 + i))).hasSize(1);
    }

    @Test
    void theInstancesKeepAStoresCartLimitTogether() throws Exception {
        int events = Integer.getInteger("scaleout.limited-events", 200);
        double bucket = 100;
        double restorePerSecond = 50;
        double queryCost = 10; // a write is two queries: 20 points, so a burst of 5 writes, then 2.5 a second
        String database = cluster.newDatabase();
        try (CountingCarts cart = new CountingCarts(20)) {
            cart.limit("crash-0", bucket, restorePerSecond, queryCost);
            List<AppProcess> apps = cluster.instances(INSTANCES, database, cart, 1, List.of(
                    "--writeback.stores.crash-0.rate-limit.capacity=" + bucket,
                    "--writeback.stores.crash-0.rate-limit.per-second=" + restorePerSecond));
            try {
                ScaleOutCluster.startAll(apps);
                long begin = System.nanoTime();
                send(events, i -> CrashRecoveryTest.eventForStore(i, 0, 200_000), 1_000_000);
                Map<String, Integer> statuses = CrashRecoveryTest.awaitNothingPendingOrFailed(apps.get(0), events,
                        Duration.ofMinutes(3));
                long last = cart.firstFulfilledNanos().values().stream().mapToLong(Long::longValue).max()
                        .orElseThrow();
                double seconds = (last - begin) / 1e9;
                double allowed = (events * 2 * queryCost - bucket) / restorePerSecond;
                double throttled = cart.throttled() * 100.0 / cart.calls();
                System.out.printf("Scale-out, %d instances, one store behind a cost limit (%.0f points, %.0f/s): %d"
                                + " writes in %.1f s, the limit allows them in %.1f s: %.1f %% of the allowed rate;"
                                + " %d of %d calls answered THROTTLED (%.2f %%)%n", INSTANCES, bucket,
                        restorePerSecond, events, seconds, allowed, allowed / seconds * 100, cart.throttled(),
                        cart.calls(), throttled);
                assertThat(statuses).isEqualTo(Map.of("SYNCED", events));
                assertThat(throttled).as("calls answered THROTTLED, %").isLessThanOrEqualTo(1.0);
                assertThat(allowed / seconds).as("share of the allowed rate").isGreaterThanOrEqualTo(0.85);
            } finally {
                ScaleOutCluster.closeAll(apps);
            }
        }
    }

    private static void send(int events, IntFunction<String> event) throws Exception {
        send(events, event, 0);
    }

    /** Sends events {@code first} … {@code first + events - 1} as the producer. */
    private static void send(int events, IntFunction<String> event, int first) throws Exception {
        CrashRecoveryTest.send(cluster.broker().port(), ExternalBroker.PRODUCER_USER,
                ExternalBroker.PRODUCER_PASSWORD, events, i -> event.apply(first + i));
    }
}
