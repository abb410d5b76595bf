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
}
