package io.writeback.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.writeback.TestEvent;
import io.writeback.WritebackTestSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/** The operator's sandbox controls: faults per account (outage, rate limiting, slow answers) and reset. */
class SandboxApiTest extends WritebackTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Value("${server.port}")
    int port;

    @AfterEach
    void resetDemo() throws Exception {
        call("POST", "/api/sandbox/reset", null, true);
    }

    @Test
    void slowAnswersDelayTheWritebackButItStillSyncs() throws Exception {
        HttpResponse<String> set = call("PUT", "/api/sandbox/shopify/test/faults", "{\"latencyMs\": 400}", true);
        assertThat(JSON.readTree(set.body()).path("latencyMs").asLong()).isEqualTo(400);
        long start = System.nanoTime();

        send(TestEvent.shopify("SHP-1"));

        awaitShipment("SHP-1", "SYNCED");
        // two calls (read the order, create the fulfillment), each answered 400 ms late
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(800L);
    }

    @Test
    void outageAndRateLimitFaultsAnswerTheCartsWay() throws Exception {
        call("PUT", "/api/sandbox/shopify/test/faults", "{\"outage\": 100}", true);
        send(TestEvent.shopify("SHP-2"));
        Exchange failed = awaitFailedMessage();
        assertThat(failed.getIn().getHeader("WritebackFailureCategory")).isEqualTo("CHANNEL_UNAVAILABLE");

        call("PUT", "/api/sandbox/shopify/test/faults", "{\"outage\": 0, \"rateLimit\": 100}", true);
        send(TestEvent.shopifyOrder("SHP-3", "1002", "21", 1));
        failed = awaitFailedMessage();
        assertThat(failed.getIn().getHeader("WritebackFailureCategory")).isEqualTo("RATE_LIMITED");
        assertThat(JSON.readTree(call("GET", "/api/sandbox/shopify/test/faults", null, true).body())
                .path("rateLimit").asInt()).isEqualTo(96);
    }

    @Test
    void resetPutsTheDemoAccountsBack() throws Exception {
        send(new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("samples/shopify-1001.json"))));
        awaitShipment("SHP-1001-1", "SYNCED");
        assertThat(sandbox.shop("demo").fulfillments(450789469L)).hasSize(1);

        HttpResponse<String> reset = call("POST", "/api/sandbox/reset", null, true);

        assertThat(JSON.readTree(reset.body()).path("reset").toString())
                .isEqualTo("[\"amazon\",\"bigcommerce\",\"magento\",\"shopify\",\"volusion\",\"woocommerce\"]");
        assertThat(sandbox.shop("demo").fulfillments(450789469L)).isEmpty();
    }

    @Test
    void badFaultRequestsAre400NamingTheFieldAndTheControlsNeedCredentials() throws Exception {
        HttpResponse<String> negative = call("PUT", "/api/sandbox/shopify/test/faults", "{\"outage\": -1}", true);
        assertThat(negative.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(negative.body()).path("field").asText()).isEqualTo("outage");
        assertThat(call("PUT", "/api/sandbox/shopify/test/faults", "{\"latencyMs\": \"slow\"}", true).statusCode())
                .isEqualTo(400);
        assertThat(call("PUT", "/api/sandbox/shopify/nobody/faults", "{}", true).statusCode()).isEqualTo(404);
        assertThat(call("PUT", "/api/sandbox/shopify/test/faults", "{\"outage\": 1}", false).statusCode())
                .isEqualTo(401);
    }

    private HttpResponse<String> call(String method, String path, String body, boolean authenticated)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (authenticated) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString("ops:writeback".getBytes()));
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
