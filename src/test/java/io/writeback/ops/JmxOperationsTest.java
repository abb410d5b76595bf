package io.writeback.ops;

import static io.writeback.TestEvent.item;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.writeback.TestEvent;
import io.writeback.WritebackTestSupport;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What ops do over JMX: suspend a channel while the others flow, resume it, retry through the operations MBean. */
class JmxOperationsTest extends WritebackTestSupport {

    private final MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();

    @AfterEach
    void resumeShopify() throws Exception {
        if (!"Started".equals(jmx.getAttribute(route("writeback-shopify"), "State"))) {
            jmx.invoke(route("writeback-shopify"), "resume", null, null);
        }
    }

    @Test
    void suspendedChannelHoldsItsShipmentsWhileOtherChannelsFlowAndResumeDrainsThem() throws Exception {
        bigcommerce.createStore("test", "test-token").order(100, 128, 194L, 1);
        jmx.invoke(route("writeback-shopify"), "suspend", null, null);
        assertThat(jmx.getAttribute(route("writeback-shopify"), "State")).isEqualTo("Suspended");

        send(TestEvent.shopify("SHP-1"));
        send(TestEvent.of("BC-1", "bigcommerce", "test-bigcommerce", "100", item("TEE", "194", 1)));

        awaitShipment("BC-1", "SYNCED");
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> "PENDING".equals(shipment("SHP-1").get("status")));
        assertThat(shop.requests()).isEmpty();
        assertThat(jmx.getAttribute(operations(), "Counts")).asString().contains("shopify: PENDING=1 FAILED=0");

        jmx.invoke(route("writeback-shopify"), "resume", null, null);

        awaitShipment("SHP-1", "SYNCED");
        assertThat(shop.fulfillments(1001)).hasSize(1);
    }

    @Test
    void operationsMBeanRetriesAnOrderAndAChannelsFailures() throws Exception {
        send(TestEvent.shopify("SHP-2").with("warehouseId", "WH-B"));
        awaitShipment("SHP-2", "FAILED");
        assertThat(jmx.invoke(operations(), "count", new Object[] {"shopify", "FAILED"},
                new String[] {String.class.getName(), String.class.getName()})).isEqualTo(1L);

        Object refused = jmx.invoke(operations(), "retryOrder", new Object[] {"1002", false},
                new String[] {String.class.getName(), boolean.class.getName()});
        assertThat(refused).asString().isEqualTo("Not queued: Order 1002 has no writeback record: no shipment of it"
                + " was ever received");

        jdbc.sql("INSERT INTO location_mapping (store_id, warehouse_id, location_id, updated_at)"
                + " VALUES ('test-shopify', 'WH-B', 'gid://shopify/Location/1', CURRENT_TIMESTAMP)").update();
        Object queued = jmx.invoke(operations(), "retryFailed", new Object[] {"shopify", ""},
                new String[] {String.class.getName(), String.class.getName()});

        assertThat(queued).isEqualTo("Queued 1 shipment(s)");
        awaitShipment("SHP-2", "SYNCED");
        assertThat(jdbc.sql("SELECT message FROM order_timeline WHERE event = 'RETRY_QUEUED'").query(String.class)
                .single()).isEqualTo("Retry of shipment SHP-2 queued by JMX (JMX)");
    }

    private ObjectName route(String routeId) throws Exception {
        return new ObjectName("org.apache.camel:context=" + camel.getManagementName() + ",type=routes,name=\""
                + routeId + "\"");
    }

    /** The operations MBean (test contexts register it with a unique suffix; only this class's context is up). */
    private ObjectName operations() throws Exception {
        var names = jmx.queryNames(new ObjectName(WritebackOperations.OBJECT_NAME + ",*"), null);
        assertThat(names).hasSize(1);
        return names.iterator().next();
    }
}
