package io.writeback.cart;

import static io.writeback.TestEvent.item;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.writeback.TestEvent;
import io.writeback.WritebackTestSupport;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

/**
 * What crosses the cart boundary: a cart sees its request's headers and nothing of the shipment's JMS message, and
 * nothing the cart answers lands on the message that goes to {@code shipments.failed}. The cart here is a recording
 * stand-in on a fixed port (store {@code test-probe-shopify}) that refuses every call with headers of its own.
 */
class CartHeadersTest extends WritebackTestSupport {

    static final int PROBE_PORT = 61686;

    @Test
    void aCartSeesOnlyItsRequestAndItsAnswerStaysOutOfTheFailedMessage() throws Exception {
        List<Set<String>> requestHeaders = Collections.synchronizedList(new ArrayList<>());
        HttpServer probe = HttpServer.create(new InetSocketAddress("127.0.0.1", PROBE_PORT), 0);
        probe.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            requestHeaders.add(Set.copyOf(exchange.getRequestHeaders().keySet()));
            byte[] body = "{\"errors\": \"[API] Invalid API key or access token\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("X-Request-Id", "probe-answer-id");
            exchange.getResponseHeaders().add("Set-Cookie", "session=probe-cookie");
            exchange.sendResponseHeaders(401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        probe.start();
        try {
            send(TestEvent.of("HDR-1", "shopify", "test-probe-shopify", "9001", item("TEE", "91", 1))
                    .with("orderNumber", "9001"));
            awaitShipment("HDR-1", "FAILED");
            Exchange failed = awaitFailedMessage();

            assertThat(requestHeaders).isNotEmpty();
            for (Set<String> headers : requestHeaders) {
                assertThat(headers.stream().map(name -> name.toLowerCase(Locale.ROOT)))
                        .contains("x-shopify-access-token", "content-type")
                        .noneMatch(name -> name.startsWith("jms") || name.startsWith("camel")
                                || name.startsWith("writeback") || name.startsWith("_amq") || name.startsWith("breadcrumb"))
                        .doesNotContain("shipmentid", "ordernumber", "channel", "storeid");
            }
            assertThat(failed.getIn().getHeader("WritebackFailureCategory")).isEqualTo("AUTH_FAILED");
            assertThat(failed.getIn().getHeaders().keySet().stream().map(name -> name.toLowerCase(Locale.ROOT)))
                    .doesNotContain("x-request-id", "set-cookie");
            assertThat(failed.getIn().getHeaders().values().toString())
                    .doesNotContain("probe-answer-id", "probe-cookie");
        } finally {
            probe.stop(0);
        }
    }
}
