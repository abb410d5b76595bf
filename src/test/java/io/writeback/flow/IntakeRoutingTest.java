package io.writeback.flow;

import static io.writeback.TestEvent.item;
import static org.assertj.core.api.Assertions.assertThat;

import io.writeback.TestEvent;
import io.writeback.WritebackTestSupport;
import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.spring.junit5.UseAdviceWith;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The intake route's decisions, each channel queue and the failed queue replaced by a mock endpoint (AdviceWith):
 * where an event goes, in which message group, and what never goes anywhere. The real broker delivers to the intake
 * and the real database records; the end-to-end tests show what happens after.
 */
@DirtiesContext
@UseAdviceWith
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:intake-routing;DB_CLOSE_DELAY=-1")
class IntakeRoutingTest extends WritebackTestSupport {

    private static final int HTTP_PORT = freePort();

    @DynamicPropertySource
    static void ownPorts(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> HTTP_PORT);
        registry.add("writeback.broker.port", () -> 61706);
    }

    @BeforeEach
    void adviseOnce() throws Exception {
        if (!camel.isStarted()) {
            AdviceWith.adviceWith(camel, "shipments-intake",
                    route -> route.mockEndpointsAndSkip("activemq:queue:writeback.*"));
            AdviceWith.adviceWith(camel, "writeback-failures",
                    route -> route.weaveById("send-to-failed-queue").replace().to("mock:failed"));
            camel.start();
        }
        MockEndpoint.resetMocks(camel);
    }

    @Test
    void eachEventReachesItsChannelsQueueInItsOrdersGroup() throws Exception {
        MockEndpoint magento = mock("writeback.magento");
        magento.expectedMessageCount(1);
        magento.expectedHeaderReceived("JMSXGroupID", "test-magento/M-3001");
        magento.expectedHeaderReceived("channel", "magento");
        MockEndpoint volusion = mock("writeback.volusion");
        volusion.expectedMessageCount(1);
        volusion.expectedHeaderReceived("JMSXGroupID", "test-volusion/V-5001");
        MockEndpoint shopify = mock("writeback.shopify");
        shopify.expectedMessageCount(0);
        shopify.setAssertPeriod(500);

        send(TestEvent.of("MAG-1", "magento", "test-magento", "3001", item("TEE", "3", 1))
                .with("orderNumber", "M-3001"));
        send(TestEvent.of("VOL-1", "volusion", "test-volusion", "5001", item("TEE", "1", 1))
                .with("orderNumber", "V-5001"));

        MockEndpoint.assertIsSatisfied(camel, 20, TimeUnit.SECONDS);
        assertThat(shipment("MAG-1")).containsEntry("status", "PENDING");
    }

    @Test
    void aProducerCannotChooseTheGroup() throws Exception {
        MockEndpoint magento = mock("writeback.magento");
        magento.expectedMessageCount(1);
        magento.expectedHeaderReceived("JMSXGroupID", "test-magento/M-3002");

        producer.sendBodyAndHeader("activemq:queue:shipments.inbound", TestEvent.of("MAG-2", "magento",
                "test-magento", "3002", item("TEE", "5", 1)).with("orderNumber", "M-3002").json(),
                "JMSXGroupID", "everything-on-one-consumer");

        magento.assertIsSatisfied(20_000);
    }

    @Test
    void anEventForAStoreNotConfiguredGoesToTheFailedQueueAsItCame() throws Exception {
        String event = TestEvent.of("BAD-1", "magento", "no-such-store", "3001", item("TEE", "3", 1)).json();
        MockEndpoint failed = camel.getEndpoint("mock:failed", MockEndpoint.class);
        failed.expectedBodiesReceived(event);
        failed.expectedHeaderReceived("WritebackFailureCategory", "UNKNOWN_STORE");
        MockEndpoint magento = mock("writeback.magento");
        magento.expectedMessageCount(0);
        magento.setAssertPeriod(500);

        send(event);

        MockEndpoint.assertIsSatisfied(camel, 20, TimeUnit.SECONDS);
    }

    /** The mock that replaced a queue of the intake's. */
    private MockEndpoint mock(String queue) {
        return camel.getEndpoint("mock:activemq:queue:" + queue, MockEndpoint.class);
    }
}
