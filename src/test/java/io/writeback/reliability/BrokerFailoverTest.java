package io.writeback.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A high-availability broker pair: two standalone Artemis brokers replicating (primary and backup, created with
 * {@code artemis create --replicated}), the app connected with both addresses ({@code (tcp://a,tcp://b)?ha=true}).
 * The primary is killed with SIGKILL mid-stream: the backup takes over with every message the primary had
 * acknowledged, the app fails over to it on its own, and every event ends SYNCED, once.
 */
class BrokerFailoverTest {

    @Test
    void whenThePrimaryDiesTheAppFinishesOnTheBackup() throws Exception {
        int events = Integer.getInteger("reliability.events", 200);
        Path dir = Path.of("target", "reliability", "failover-" + System.currentTimeMillis()).toAbsolutePath();
        int primaryPort = AppProcess.freePort();
        int backupPort = AppProcess.freePort();
        try (ExternalBroker primary = ExternalBroker.create(dir.resolve("primary"), primaryPort, pair("primary",
                     backupPort)).start(dir.resolve("primary.log"));
             ExternalBroker backup = ExternalBroker.create(dir.resolve("backup"), backupPort, pair("backup",
                     primaryPort)).startBackup(dir.resolve("backup.log"));
             CountingCarts cart = new CountingCarts(20);
             AppProcess app = new AppProcess(dir, cart.port(), 10, "--writeback.broker.embedded=false",
                     "--writeback.broker.url=" + haUrl(primaryPort, backupPort),
                     "--writeback.broker.username=" + ExternalBroker.APP_USER,
                     "--writeback.broker.password=" + ExternalBroker.APP_PASSWORD)) {
            app.start();
            CrashRecoveryTest.send(primaryPort, ExternalBroker.PRODUCER_USER, ExternalBroker.PRODUCER_PASSWORD,
                    events);

            // mid-stream: the failover is the experiment (the app drains 200 events in about 2 s)
            TimeUnit.MILLISECONDS.sleep(300);
            primary.kill();
            Instant killed = Instant.now();

            Map<String, Integer> after = CrashRecoveryTest.awaitNothingPendingOrFailed(app, events,
                    Duration.ofMinutes(3));
            Duration recovery = Duration.between(killed, Instant.now());
            long duplicated = cart.fulfillments().values().stream().filter(f -> f.size() > 1).count();
            System.out.printf("Broker failover (primary killed): %d events; after it %s; duplicated %d; in the cart"
                    + " %d; all done %.1f s after the primary died%n", events, after, duplicated,
                    cart.fulfillments().size(), recovery.toMillis() / 1000.0);
            assertThat(after).isEqualTo(Map.of("SYNCED", events));
            assertThat(duplicated).isZero();
            assertThat(cart.fulfillments()).hasSize(events);
        }
    }

    /** {@code artemis create}'s options for one broker of a replicating pair, the other one at {@code otherPort}. */
    private static String[] pair(String role, int otherPort) {
        String[] options = {"--replicated", "--failover-on-shutdown", "--host", "127.0.0.1", "--name", role,
                "--cluster-user", "cluster", "--cluster-password", "cluster-pass",
                "--staticCluster", "tcp://127.0.0.1:" + otherPort};
        if (!"backup".equals(role)) {
            return options;
        }
        String[] backup = java.util.Arrays.copyOf(options, options.length + 1);
        backup[options.length] = "--backup";
        return backup;
    }

    /** The app's broker URL for the pair: both addresses, failing over to the backup and back. */
    static String haUrl(int primaryPort, int backupPort) {
        return "(tcp://127.0.0.1:" + primaryPort + ",tcp://127.0.0.1:" + backupPort + ")?ha=true"
                + "&reconnectAttempts=-1&retryInterval=500&retryIntervalMultiplier=1.5&maxRetryInterval=5000";
    }
}
