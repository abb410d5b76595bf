package io.writeback.cart;

import static org.assertj.core.api.Assertions.assertThat;

import io.writeback.pacing.RateStatus;
import java.net.http.HttpHeaders;
import java.util.List;
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
        assertThat(CartHttp.rateStatus(HttpHeaders.of(Map.of("X-Rate-Limit-Requests-Quota", List.of("150"),
                "X-Rate-Limit-Time-Window-Ms", List.of("30000"), "X-Rate-Limit-Requests-Left", List.of("12"),
                "X-Rate-Limit-Time-Reset-Ms", List.of("4000")), (name, value) -> true)))
                .isEqualTo(new RateStatus(150.0, 12.0, 5.0));
    }

    @Test
    void noHeadersSayNothing() {
        assertThat(CartHttp.rateStatus(headers("Content-Type", "application/json")))
                .isEqualTo(new RateStatus(null, null, null));
    }

    private static HttpHeaders headers(String name, String value) {
        return HttpHeaders.of(Map.of(name, List.of(value)), (n, v) -> true);
    }
}
