package io.writeback.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.Connection;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Session;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The production shape: an external Artemis (the standalone distribution from Maven Central, unpacked by the build)
 * that requires a login, with least-privilege users: {@code app} for the service and {@code producer}, which may
 * only send to shipments.inbound. The broker is restarted mid-stream; the app reconnects on its own
 * and every event ends SYNCED, once.
 */
class BrokerRestartTest {

    @Test
    void theAppReconnectsAfterTheBrokerRestartsAndFinishesTheStream() throws Exception {
        int events = Integer.getInteger("reliability.events", 200);
        Path artemisHome = Path.of(System.getProperty("artemis.home", "target/artemis-dist/apache-artemis-2.44.0"));
        Assumptions.assumeTrue(Files.isExecutable(artemisHome.resolve("bin/artemis")),
                "SKIPPED: no Artemis distribution at " + artemisHome + " (mvn process-test-resources unpacks it)");
        Path dir = Path.of("target", "reliability", "broker-" + System.currentTimeMillis()).toAbsolutePath();
        int port = AppProcess.freePort();
        Files.createDirectories(dir);
        Path instance = createBroker(artemisHome, dir.resolve("instance"), port);

        Process broker = startBroker(instance, port, dir.resolve("broker-1.log"));
        try (CountingCarts cart = new CountingCarts(20);
             AppProcess app = new AppProcess(dir, cart.port(), 10, "--writeback.broker.embedded=false",
                    "--writeback.broker.url=tcp://127.0.0.1:" + port, "--writeback.broker.username=app",
                    "--writeback.broker.password=app-pass")) {
            app.start();

            assertThatThrownBy(() -> consumeAs("producer", "producer-pass", port, "shipments.failed"))
                    .as("the producer may not read the failed queue").isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> CrashRecoveryTest.send(port, "nobody", "guess", 1))
                    .as("no anonymous or unknown clients").isInstanceOf(JMSSecurityException.class);
            CrashRecoveryTest.send(port, "producer", "producer-pass", events);

            // mid-stream: the restart is the experiment (the app drains 200 events in about 2 s)
            TimeUnit.MILLISECONDS.sleep(500);
            broker.destroy();
            broker.waitFor(60, TimeUnit.SECONDS);
            Instant down = Instant.now();
            TimeUnit.SECONDS.sleep(5);
            broker = startBroker(instance, port, dir.resolve("broker-2.log"));
            Instant up = Instant.now();

            Map<String, Integer> after = CrashRecoveryTest.awaitNothingPendingOrFailed(app, events,
                    Duration.ofMinutes(3));
            Duration recovery = Duration.between(up, Instant.now());
            app.terminate();

            long duplicated = cart.fulfillments().values().stream().filter(f -> f.size() > 1).count();
            System.out.printf("Broker restart (down %.1f s): %d events; after it %s; duplicated %d; in the cart %d;"
                            + " all done %.1f s after the broker was back%n", Duration.between(down, up).toMillis()
                            / 1000.0, events, after, duplicated, cart.fulfillments().size(),
                    recovery.toMillis() / 1000.0);
            assertThat(after).isEqualTo(Map.of("SYNCED", events));
            assertThat(duplicated).isZero();
            assertThat(cart.fulfillments()).hasSize(events);
        } finally {
            broker.destroy();
            broker.waitFor(60, TimeUnit.SECONDS);
        }
    }

    /** A broker instance that requires a login, with the contract's queues and an {@code app} and a {@code producer} user. */
    private static Path createBroker(Path artemisHome, Path instance, int port) throws Exception {
        Process create = new ProcessBuilder(artemisHome.resolve("bin/artemis").toString(), "create",
                instance.toString(), "--user", "app", "--password", "app-pass", "--role", "app", "--require-login",
                "--no-web", "--default-port", Integer.toString(port), "--silent", "--no-autotune",
                "--no-amqp-acceptor", "--no-mqtt-acceptor", "--no-hornetq-acceptor", "--no-stomp-acceptor",
                "--queues", "shipments.inbound,shipments.failed,writeback.shopify,writeback.amazon,"
                        + "writeback.bigcommerce,writeback.magento,writeback.woocommerce,writeback.volusion")
                .redirectErrorStream(true).redirectOutput(instance.resolveSibling("create.log").toFile()).start();
        assertThat(create.waitFor(120, TimeUnit.SECONDS) && create.exitValue() == 0).as("artemis create").isTrue();
        Path etc = instance.resolve("etc");
        Files.writeString(etc.resolve("artemis-users.properties"), "\nproducer = producer-pass\n",
                StandardOpenOption.APPEND);
        Files.writeString(etc.resolve("artemis-roles.properties"), "\nproducer = producer\n", StandardOpenOption.APPEND);
        // producers may send to shipments.inbound and nothing else; the app keeps full rights ("#" below)
        String brokerXml = Files.readString(etc.resolve("broker.xml")).replace(
                "<security-setting match=\"#\">", """
                <security-setting match="shipments.inbound">
                            <permission type="send" roles="app,producer"/>
                            <permission type="consume" roles="app"/>
                            <permission type="browse" roles="app"/>
                            <permission type="createAddress" roles="app"/>
                            <permission type="createDurableQueue" roles="app"/>
                            <permission type="manage" roles="app"/>
                         </security-setting>
                         <security-setting match="#">""");
        Files.writeString(etc.resolve("broker.xml"), brokerXml);
        return instance;
    }

    private static Process startBroker(Path instance, int port, Path log) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(instance.resolve("bin/artemis").toString(), "run")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process broker = builder.start();
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return broker;
            } catch (IOException notYet) {
                if (!broker.isAlive()) {
                    throw new IllegalStateException("The broker exited; see " + log);
                }
                TimeUnit.MILLISECONDS.sleep(200);
            }
        }
        throw new IllegalStateException("The broker did not listen on " + port + " within 60 s; see " + log);
    }

    private static void consumeAs(String user, String password, int port, String queue) throws Exception {
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + port);
             Connection connection = factory.createConnection(user, password)) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createConsumer(session.createQueue(queue));
        }
    }

}
