package io.writeback.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.writeback.TestEvent;
import io.writeback.WritebackTestSupport;
import io.writeback.store.Store;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The operator's sandbox controls: faults per account (outage, rate limiting, slow answers) and reset. */
class SandboxApiTest extends WritebackTestSupport {

    @AfterEach
    void resetDemo() throws Exception {
        api("POST", "/api/sandbox/reset", null);
    }

    @Test
    void slowAnswersDelayTheWritebackButItStillSyncs() throws Exception {
        HttpResponse<String> set = api("PUT", "/api/sandbox/shopify/test/faults", "{\"latencyMs\": 400}");
        assertThat(JSON.readTree(set.body()).path("latencyMs").asLong()).isEqualTo(400);
        long start = System.nanoTime();

        send(TestEvent.shopify("SHP-1"));

        awaitShipment("SHP-1", "SYNCED");
        // two calls (read the order, create the fulfillment), each answered 400 ms late
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(800L);
    }

    @Test
    void outageAndRateLimitFaultsAnswerTheCartsWay() throws Exception {
        api("PUT", "/api/sandbox/shopify/test/faults", "{\"outage\": 100}");
        send(TestEvent.shopify("SHP-2"));
        Exchange failed = awaitFailedMessage();
        assertThat(failed.getIn().getHeader("WritebackFailureCategory")).isEqualTo("CHANNEL_UNAVAILABLE");

        api("PUT", "/api/sandbox/shopify/test/faults", "{\"outage\": 0, \"rateLimit\": 100}");
        send(TestEvent.shopifyOrder("SHP-3", "1002", "21", 1));
        failed = awaitFailedMessage();
        assertThat(failed.getIn().getHeader("WritebackFailureCategory")).isEqualTo("RATE_LIMITED");
        assertThat(JSON.readTree(api("GET", "/api/sandbox/shopify/test/faults", null).body())
                .path("rateLimit").asInt()).isEqualTo(94); // 2 throttled waits, then 1 + 3 redeliveries
    }

    @Test
    void resetPutsTheDemoAccountsBack() throws Exception {
        send(new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("samples/shopify-1001.json"))));
        awaitShipment("SHP-1001-1", "SYNCED");
        assertThat(sandbox.account("demo").fulfillments(450789469L)).hasSize(1);

        HttpResponse<String> reset = api("POST", "/api/sandbox/reset", null);

        assertThat(JSON.readTree(reset.body()).path("reset").toString())
                .isEqualTo("[\"amazon\",\"bigcommerce\",\"magento\",\"shopify\",\"volusion\",\"woocommerce\"]");
        assertThat(sandbox.account("demo").fulfillments(450789469L)).isEmpty();
    }

    @Test
    void resetForgetsOnlyTheBudgetsOfStoresTheSandboxServes() {
        Store real = stores.find("real-shopify").orElseThrow();
        Store served = stores.find("test-shopify").orElseThrow();
        rateBudget.pause(real, Duration.ofMinutes(1));
        rateBudget.pause(served, Duration.ofMinutes(1));

        api("POST", "/api/sandbox/reset", null);

        assertThat(rateBudget.pausedFor(real)).isPositive();
        assertThat(rateBudget.pausedFor(served)).isZero();
    }

    @Test
    void theSandboxRefusesBodiesLargerThanACartCall() {
        HttpResponse<String> huge = apiAs(null, "POST", "/sandbox/shopify/test/admin/api/2025-01/graphql.json",
                "x".repeat(300 * 1024));

        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(shop.requests()).isEmpty();
    }

    @Test
    void badFaultRequestsAre400NamingTheFieldAndTheControlsNeedCredentials() throws Exception {
        HttpResponse<String> negative = api("PUT", "/api/sandbox/shopify/test/faults", "{\"outage\": -1}");
        assertThat(negative.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(negative.body()).path("field").asText()).isEqualTo("outage");
        assertThat(api("PUT", "/api/sandbox/shopify/test/faults", "{\"latencyMs\": \"slow\"}").statusCode())
                .isEqualTo(400);
        assertThat(api("PUT", "/api/sandbox/shopify/nobody/faults", "{}").statusCode()).isEqualTo(404);
        assertThat(apiAs(null, "PUT", "/api/sandbox/shopify/test/faults", "{\"outage\": 1}").statusCode())
                .isEqualTo(401);
    }

}
