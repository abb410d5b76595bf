package io.writeback.cart;

import static org.assertj.core.api.Assertions.assertThat;

import io.writeback.pacing.RateStatus;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The carts' rate-limit headers (carts.md §1.8, §2.4, §3.4) as the rate budget reads them. */
class CartRateHeadersTest {

    @Test
    void shopifyRestCallLimitGivesTheBucketSizeAndWhatIsLeft() {
        assertThat(CartHttp.rateStatus(headers("X-Shopify-Shop-Api-Call-Limit", "32/40")))
                .isEqualTo(new RateStatus(40.0, 8.0, null));
    }

    @Test
    void amazonRateLimitLimitGivesTheRatePerSecond() {
        assertThat(CartHttp.rateStatus(headers("x-amzn-RateLimit-Limit", "0.5")))
                .isEqualTo(new RateStatus(null, null, 0.5));
    }

    @Test
    void bigCommerceQuotaPerWindowGivesBucketRateAndWhatIsLeft() {
        assertThat(CartHttp.rateStatus(new CartResponse(200, Map.of("X-Rate-Limit-Requests-Quota", "150",
                "X-Rate-Limit-Time-Window-Ms", "30000", "X-Rate-Limit-Requests-Left", "12",
                "X-Rate-Limit-Time-Reset-Ms", "4000"), "")))
                .isEqualTo(new RateStatus(150.0, 12.0, 5.0));
    }

    @Test
    void noHeadersSayNothing() {
        assertThat(CartHttp.rateStatus(headers("Content-Type", "application/json")))
                .isEqualTo(new RateStatus(null, null, null));
    }

    /** An answer with one header, its name in another case than the cart's (header names have no case). */
    private static CartResponse headers(String name, String value) {
        return new CartResponse(200, Map.of(name.toLowerCase(Locale.ROOT), value), "");
    }
}
