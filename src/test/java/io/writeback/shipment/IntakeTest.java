package io.writeback.shipment;

import static org.assertj.core.api.Assertions.assertThat;

import io.writeback.TestEvent;
import io.writeback.WritebackTestSupport;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.camel.Route;
import org.apache.camel.throttling.ThrottlingExceptionRoutePolicy;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

class IntakeTest extends WritebackTestSupport {

    @Value("${writeback.broker.port}")
    int brokerPort;

    @Test
    void contractRoutesAreLoadedFromTheRoutesFolder() {
        assertThat(camel.getName()).isEqualTo("writeback");
        assertThat(camel.getRoutes()).extracting(Route::getRouteId).containsExactlyInAnyOrder("shipments-intake",
                "writeback-shopify", "writeback-amazon", "writeback-bigcommerce", "writeback-magento",
                "writeback-woocommerce", "writeback-volusion", "writeback-deferral", "writeback-failures",
                "writeback-retry-scheduler", "writeback-pending-sweeper", "cart-http-shopify", "cart-http-amazon",
                "cart-http-bigcommerce", "cart-http-magento", "cart-http-woocommerce", "cart-http-volusion",
                "inventory-intake", "inventory-shopify", "inventory-amazon", "inventory-bigcommerce",
                "inventory-magento", "inventory-woocommerce", "inventory-volusion", "inventory-deferral",
                "inventory-failures", "inventory-retry-scheduler");
    }

    @Test
    void theStepsOpsLookForInJmxHaveNames() {
        for (String step : List.of("validate-and-record", "group-by-order", "reserve-budget", "route-by-channel",
                "writeback-amazon.check-shipment", "writeback-magento.take-budget",
                "writeback-shopify.write-to-cart", "writeback-volusion.record-synced", "cart-http-bigcommerce.call",
                "send-to-failed-queue", "back-to-channel-queue", "select-due-retries",
                "validate-and-record-counts", "inventory-bigcommerce.map-locations", "inventory-shopify.take-budget",
                "inventory-woocommerce.write-to-cart", "inventory-amazon.record-outcome", "stores-due")) {
            assertThat(camel.getProcessor(step)).as(step).isNotNull();
        }
    }

    @Test
    void everyConsumingRouteCarriesTheDatabaseOutageBreaker() {
        for (Route route : camel.getRoutes()) {
            boolean consumes = route.getEndpoint().getEndpointUri().matches("(activemq|quartz):.*");
            assertThat(route.getRoutePolicyList()).as(route.getRouteId())
                    .filteredOn(ThrottlingExceptionRoutePolicy.class::isInstance).hasSize(consumes ? 1 : 0);
        }
    }

    @Test
    void acceptsEventsFromAStompClient() throws Exception {
        String event = TestEvent.shopify("SHP-STOMP").json();
        try (Socket socket = new Socket("localhost", brokerPort)) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write("CONNECT\naccept-version:1.2\nhost:localhost\nlogin:producer\npasscode:producer\n\n\0"
                    .getBytes(StandardCharsets.UTF_8));
            assertThat(readFrame(in)).startsWith("CONNECTED");
            out.write(("SEND\ndestination:shipments.inbound\ndestination-type:ANYCAST\nreceipt:sent\n\n" + event
                    + "\0").getBytes(StandardCharsets.UTF_8));
            assertThat(readFrame(in)).startsWith("RECEIPT");
            out.write("DISCONNECT\nreceipt:bye\n\n\0".getBytes(StandardCharsets.UTF_8));
            readFrame(in);
        }
        awaitShipment("SHP-STOMP", "SYNCED");
        assertThat(shop.fulfillments(1001)).hasSize(1);
    }

    private static String readFrame(InputStream in) throws Exception {
        StringBuilder frame = new StringBuilder();
        int c;
        while ((c = in.read()) > 0) {
            frame.append((char) c);
        }
        return frame.toString().stripLeading();
    }
}
