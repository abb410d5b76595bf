package io.writeback.pacing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void reservationsBeyondTheBucketComeDueOneAfterAnotherAtTheRefillRate() {
        TokenBucket bucket = new TokenBucket(2, 4, false, 0);

        assertThat(bucket.reserve(1, 0)).isZero();
        assertThat(bucket.reserve(1, 0)).isZero();
        assertThat(bucket.reserve(1, 0)).isEqualTo(Duration.ofMillis(250));
        assertThat(bucket.reserve(1, 0)).isEqualTo(Duration.ofMillis(500));
        // half a second later the refill has paid for both reservations and nothing more
        assertThat(bucket.reserve(1, SECOND / 2)).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void theCartsFiguresReplaceThePublishedOnesAndItsLevelOnlyLowersOurs() {
        TokenBucket bucket = new TokenBucket(1000, 100, false, 0);

        bucket.correct(new RateStatus(2000.0, 50.0, 1000.0), 0);
        assertThat(bucket.status(0)).isEqualTo(new RateStatus(2000.0, 50.0, 1000.0));
        bucket.correct(new RateStatus(null, 1500.0, null), 0);
        assertThat(bucket.status(0).available()).isEqualTo(50.0);
        assertThat(bucket.status(SECOND).available()).isEqualTo(1050.0);
    }

    @Test
    void aConfiguredLimitIsACeilingTheCartsFiguresDoNotRaise() {
        TokenBucket bucket = new TokenBucket(20, 40, true, 0);

        bucket.correct(new RateStatus(1000.0, 1000.0, 100.0), 0);

        assertThat(bucket.status(0)).isEqualTo(new RateStatus(20.0, 20.0, 40.0));
    }

    @Test
    void aPauseHoldsEveryReservationUntilItEndsEvenWithoutALimit() {
        TokenBucket unlimited = new TokenBucket(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, false, 0);
        assertThat(unlimited.reserve(1000, 0)).isZero();

        unlimited.pause(Duration.ofSeconds(2), 0);

        assertThat(unlimited.reserve(1, SECOND / 2)).isEqualTo(Duration.ofMillis(1500));
        assertThat(unlimited.pausedFor(SECOND)).isEqualTo(Duration.ofSeconds(1));
        assertThat(unlimited.reserve(1, 2 * SECOND)).isZero();
    }

    @Test
    void aWriteThatYieldsTakesOnlyWhatNoReservationIsWaitingFor() {
        TokenBucket bucket = new TokenBucket(10, 5, false, 0);

        assertThat(bucket.reserveIfAvailable(4, 0)).as("the budget has it: taken").isZero();
        // tracking writes reserve beyond the bucket: the level goes below zero
        assertThat(bucket.reserve(10, 0)).isEqualTo(Duration.ofMillis(800));
        assertThat(bucket.reserveIfAvailable(3, 0)).as("nothing taken while they wait")
                .isEqualTo(Duration.ofMillis(1400));
        assertThat(bucket.status(0).available()).isEqualTo(-4.0);
        // once the refill has paid for the reservations and for the inventory write, it goes
        assertThat(bucket.reserveIfAvailable(3, 1400 * SECOND / 1000)).isZero();
        assertThat(bucket.reserve(1, 1400 * SECOND / 1000)).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void aWriteThatYieldsWaitsOutAPause() {
        TokenBucket bucket = new TokenBucket(10, 5, false, 0);
        bucket.pause(Duration.ofSeconds(2), 0);

        assertThat(bucket.reserveIfAvailable(1, SECOND)).isEqualTo(Duration.ofSeconds(1));
        assertThat(bucket.reserveIfAvailable(1, 2 * SECOND)).isZero();
    }
}
