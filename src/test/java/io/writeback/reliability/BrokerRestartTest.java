package io.writeback.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.Connection;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Session;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
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
        Path dir = Path.of("target", "reliability", "broker-" + System.currentTimeMillis()).toAbsolutePath();
        try (ExternalBroker broker = ExternalBroker.create(dir).start(dir.resolve("broker-1.log"));
             CountingCarts cart = new CountingCarts(20);
             AppProcess app = new AppProcess(dir, cart.port(), 10, broker.appArguments().toArray(String[]::new))) {
            int port = broker.port();
            app.start();

            assertThatThrownBy(() -> consumeAs(ExternalBroker.PRODUCER_USER, ExternalBroker.PRODUCER_PASSWORD, port,
                    "shipments.failed")).as("the producer may not read the failed queue")
                    .isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> CrashRecoveryTest.send(port, "nobody", "guess", 1))
                    .as("no anonymous or unknown clients").isInstanceOf(JMSSecurityException.class);
            CrashRecoveryTest.send(port, ExternalBroker.PRODUCER_USER, ExternalBroker.PRODUCER_PASSWORD, events);

            // mid-stream: the restart is the experiment (the app drains 200 events in about 2 s)
            TimeUnit.MILLISECONDS.sleep(500);
            broker.stop();
            Instant down = Instant.now();
            TimeUnit.SECONDS.sleep(5);
            broker.start(dir.resolve("broker-2.log"));
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
        }
    }

    private static void consumeAs(String user, String password, int port, String queue) throws Exception {
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + port);
             Connection connection = factory.createConnection(user, password)) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createConsumer(session.createQueue(queue));
        }
    }

}
