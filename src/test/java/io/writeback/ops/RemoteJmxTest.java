package io.writeback.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.writeback.TestEvent;
import io.writeback.WritebackTestSupport;
import java.util.Map;
import javax.management.Attribute;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Remote JMX as ops use it, through the app's own connector: the operator suspends and resumes a channel and runs
 * retries, and may do nothing else JVM-wide; the monitor only reads; wrong credentials get nothing.
 */
@DirtiesContext // its Camel context's MBean names would clash with the next context's, which Quartz jobs look up
class RemoteJmxTest extends WritebackTestSupport {

    private static final int HTTP_PORT = freePort();
    private static final int REGISTRY_PORT = freePort();
    private static final int CONNECTOR_PORT = freePort();

    @DynamicPropertySource
    static void remoteJmx(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> HTTP_PORT);
        registry.add("writeback.broker.port", () -> 61696); // beside the other contexts' brokers (61636…61676)
        registry.add("writeback.jmx.remote.port", () -> REGISTRY_PORT);
        registry.add("writeback.jmx.remote.rmi-port", () -> CONNECTOR_PORT);
        registry.add("writeback.jmx.remote.operator-password", () -> "operator-secret-1");
        registry.add("writeback.jmx.remote.monitor-password", () -> "monitor-secret-1");
    }

    private static JMXConnector connect(String user, String password) throws Exception {
        return JMXConnectorFactory.connect(new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:"
                + REGISTRY_PORT + "/jmxrmi"), Map.of(JMXConnector.CREDENTIALS, new String[] {user, password}));
    }

    private ObjectName route(String routeId) throws Exception {
        return new ObjectName("org.apache.camel:context=" + camel.getManagementName() + ",type=routes,name=\""
                + routeId + "\"");
    }

    @Test
    void theOperatorSuspendsAndResumesAChannelAndRetries() throws Exception {
        try (JMXConnector connector = connect("operator", "operator-secret-1")) {
            MBeanServerConnection jmx = connector.getMBeanServerConnection();
            jmx.invoke(route("writeback-shopify"), "suspend", null, null);
            assertThat(jmx.getAttribute(route("writeback-shopify"), "State")).isEqualTo("Suspended");
            send(TestEvent.shopify("SHP-1"));

            jmx.invoke(route("writeback-shopify"), "resume", null, null);

            awaitShipment("SHP-1", "SYNCED");
            ObjectName operations = jmx.queryNames(new ObjectName(WritebackOperations.OBJECT_NAME + ",*"), null)
                    .iterator().next();
            assertThat(jmx.invoke(operations, "retryOrder", new Object[] {"1001", false},
                    new String[] {String.class.getName(), boolean.class.getName()})).asString()
                    .startsWith("Not queued");
        }
    }

    @Test
    void theOperatorCanDoNothingElseJvmWide() throws Exception {
        try (JMXConnector connector = connect("operator", "operator-secret-1")) {
            MBeanServerConnection jmx = connector.getMBeanServerConnection();
            assertThatThrownBy(() -> jmx.invoke(new ObjectName("com.sun.management:type=HotSpotDiagnostic"),
                    "dumpHeap", new Object[] {"target/stolen.hprof", true},
                    new String[] {String.class.getName(), boolean.class.getName()}))
                    .as("a heap dump holds every secret").isInstanceOf(SecurityException.class);
            assertThatThrownBy(() -> jmx.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "vmSystemProperties", null, null)).isInstanceOf(SecurityException.class);
            assertThatThrownBy(() -> jmx.invoke(route("writeback-shopify"), "stop", null, null))
                    .isInstanceOf(SecurityException.class);
            assertThatThrownBy(() -> jmx.setAttribute(new ObjectName("java.lang:type=Memory"),
                    new Attribute("Verbose", true))).isInstanceOf(SecurityException.class);
            ObjectName inbound = jmx.queryNames(new ObjectName("org.apache.activemq.artemis:*,subcomponent=queues,"
                    + "queue=\"shipments.inbound\""), null).iterator().next();
            assertThatThrownBy(() -> jmx.invoke(inbound, "removeAllMessages", null, null))
                    .isInstanceOf(SecurityException.class);
        }
        assertThat(new java.io.File("target/stolen.hprof")).doesNotExist();
    }

    @Test
    void theMonitorOnlyReadsAndWrongCredentialsGetNothing() throws Exception {
        try (JMXConnector connector = connect("monitor", "monitor-secret-1")) {
            MBeanServerConnection jmx = connector.getMBeanServerConnection();
            assertThat(jmx.getAttribute(route("writeback-shopify"), "State")).isEqualTo("Started");
            assertThatThrownBy(() -> jmx.invoke(route("writeback-shopify"), "suspend", null, null))
                    .isInstanceOf(SecurityException.class);
        }
        assertThatThrownBy(() -> connect("operator", "guess")).isInstanceOf(SecurityException.class);
        assertThatThrownBy(() -> connect("admin", "operator-secret-1")).isInstanceOf(SecurityException.class);
    }
}
