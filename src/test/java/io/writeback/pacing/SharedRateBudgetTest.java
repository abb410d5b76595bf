package io.writeback.pacing;

import static org.assertj.core.api.Assertions.assertThat;

import io.writeback.TestEvent;
import io.writeback.TestPostgres;
import io.writeback.WritebackTestSupport;
import io.writeback.store.Store;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Several instances, one budget per store ({@code writeback.rate-limit.shared}, on PostgreSQL): what one instance
 * reserves, reads from the cart or is asked to wait holds for the others. Each {@link RateBudget} here stands for an
 * instance: its own object, the same database.
 */
@DirtiesContext
class SharedRateBudgetTest extends WritebackTestSupport {

    private static final int HTTP_PORT = freePort();

    @Autowired
    JdbcClient database;

    @Autowired
    PlatformTransactionManager transactions;

    @DynamicPropertySource
    static void sharedOnPostgres(DynamicPropertyRegistry registry) throws IOException {
        TestPostgres.register(registry, 61736, HTTP_PORT);
        registry.add("writeback.rate-limit.shared", () -> "true");
    }

    @Test
    void twoInstancesReservingForOneStoreKeepToItsLimitTogether() {
        Store amazon = stores.find("test-amazon").orElseThrow(); // Amazon's published limit: burst 10, 2 a second
        RateBudget first = instance();
        RateBudget second = instance();

        List<Duration> waits = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            waits.add(first.reserve(amazon, 1));
            waits.add(second.reserve(amazon, 1));
        }
        // 30 slots from one bucket: the last comes due (30 - 10) / 2 = 10 s on; each alone would have said 2.5 s
        assertThat(waits.get(29)).isBetween(Duration.ofMillis(9_000), Duration.ofMillis(10_001));
        assertThat(waits).isSorted();
    }

    @Test
    void aPauseOneInstanceWasAskedForHoldsForTheOthers() {
        Store amazon = stores.find("test-amazon").orElseThrow();
        RateBudget first = instance();
        RateBudget second = instance();

        first.pause(amazon, Duration.ofSeconds(5));
        assertThat(second.pausedFor(amazon)).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(5));
        assertThat(second.reserve(amazon, 1)).isGreaterThan(Duration.ofSeconds(4));
        first.observe(amazon, new RateStatus(10.0, 0.0, 1.0)); // the cart: nothing left, 1 a second
        assertThat(second.status(amazon).perSecond()).isEqualTo(1.0);
    }

    @Test
    void aStoreWithoutALimitIsNeverHeldButStillPausedWhenItsCartAsks() {
        Store magento = stores.find("test-magento").orElseThrow(); // Magento publishes no limit
        RateBudget first = instance();
        RateBudget second = instance();

        for (int i = 0; i < 100; i++) {
            assertThat(first.reserve(magento, 1)).isZero();
        }
        second.pause(magento, Duration.ofSeconds(3));
        assertThat(first.reserve(magento, 1)).isGreaterThan(Duration.ofSeconds(2));
    }

    @Test
    void theAppWritesBackWithTheSharedBudget() {
        send(TestEvent.shopify("SHP-SHARED-1"));
        awaitShipment("SHP-SHARED-1", "SYNCED");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM rate_bucket WHERE bucket_key = 'budget:test-shopify'")
                .query(Integer.class).single()).isEqualTo(1);
    }

    private RateBudget instance() {
        return new RateBudget(Duration.ofMinutes(15), new SharedBuckets(database, transactions));
    }
}
