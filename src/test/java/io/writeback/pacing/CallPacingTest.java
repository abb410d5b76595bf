package io.writeback.pacing;

import static org.assertj.core.api.Assertions.assertThat;

import io.writeback.channel.Channel;
import io.writeback.store.Store;
import io.writeback.store.StoreConfig;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The pacing of the calls a store actually receives ({@link RateBudget#beforeCall}): within the cart's published
 * limit with 150 ms of it to spare, whatever the slots the intake reserved.
 */
class CallPacingTest {

    private final RateBudget budget = new RateBudget(Duration.ofMinutes(15), new LocalBuckets());

    @Test
    void amazonCallsKeepToItsUsagePlanWithJitterToSpare() {
        Store amazon = store("amazon-1", Channel.AMAZON); // confirmShipment: burst 10, 2 a second

        // 10 − 2/s × 0.15 s = 9.7 calls at once; the tenth waits for the rest of its token (150 ms), the next 500 ms
        // more
        IntStream.range(0, 9).forEach(call -> assertThat(budget.beforeCall(amazon)).isZero());
        assertThat(budget.beforeCall(amazon)).isBetween(Duration.ofMillis(140), Duration.ofMillis(150));
        assertThat(budget.beforeCall(amazon)).isBetween(Duration.ofMillis(640), Duration.ofMillis(650));
    }

    @Test
    void theCartsOwnFiguresPaceTheCallsToo() {
        Store bigcommerce = store("bc-1", Channel.BIGCOMMERCE);
        budget.beforeCall(bigcommerce);

        long corrected = System.nanoTime();
        budget.observe(bigcommerce, new RateStatus(2.0, 0.0, 1.0)); // a quota of 2 in a 2 s window
        assertThat(budget.beforeCall(bigcommerce)).isZero();
        Duration wait = budget.beforeCall(bigcommerce);
        // 150 ms of the second token missing when corrected, less what refilled since (a cold JVM is slow here)
        Duration since = Duration.ofNanos(System.nanoTime() - corrected);
        assertThat(wait.plus(since)).isBetween(Duration.ofMillis(140), Duration.ofMillis(1000));
    }

    @Test
    void shopifyCallsAreNotCountedHereItsLimitCountsQueryCost() {
        Store shopify = store("shop-1", Channel.SHOPIFY);

        IntStream.range(0, 100).forEach(call -> assertThat(budget.beforeCall(shopify)).isZero());
    }

    private static Store store(String id, Channel channel) {
        return new Store(id, new StoreConfig(channel, null, true, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null));
    }
}
