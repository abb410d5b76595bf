package io.writeback.shipment;

import static org.assertj.core.api.Assertions.assertThat;

import io.writeback.TestEvent;
import io.writeback.WritebackTestSupport;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

class IntakeTest extends WritebackTestSupport {

    @Value("${writeback.broker.port}")
    int brokerPort;

    @Test
    void contractRoutesAreLoadedFromTheRoutesFolder() {
        assertThat(camel.getName()).isEqualTo("writeback");
        assertThat(camel.getRoutes()).extracting(Route::getRouteId)
                .contains("shipments-intake", "writeback-shopify", "writeback-failures");
    }

    @Test
    void amazonEventWithoutTrackingIsAcceptedAndWaitsOnItsChannelQueue() {
        // Amazon confirms shipments without tracking (seed 004); its adapter is not built yet, so the event must
        // wait, untouched, on writeback.amazon
        String event = TestEvent.shopify("SHP-AMZ").with("channel", "amazon").with("storeId", "test-amazon")
                .with("channelOrderId", "113-1234567-1234567").without("trackingNumber").json();
        send(event);

        Exchange waiting = consumer.receive("activemq:queue:writeback.amazon", 20_000);
        assertThat(waiting).isNotNull();
        assertThat(waiting.getIn().getBody(String.class)).isEqualTo(event);
        assertThat(waiting.getIn().getHeaders()).containsEntry("orderNumber", "1001")
                .containsEntry("channel", "amazon").containsEntry("storeId", "test-amazon");
        assertThat(shipment("SHP-AMZ")).containsEntry("status", "PENDING").containsEntry("tracking_number", "");
    }

    @Test
    void acceptsEventsFromAStompClient() throws Exception {
        String event = TestEvent.shopify("SHP-STOMP").json();
        try (Socket socket = new Socket("localhost", brokerPort)) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write("CONNECT\naccept-version:1.2\nhost:localhost\n\n\0".getBytes(StandardCharsets.UTF_8));
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
