package io.writeback.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stopped mid-stream, for longer than the broker's delivery attempts would last (3 here, 1 s then 2 s
 * apart): nothing is acknowledged without its durable outcome, and the consuming routes pause while the database is
 * down instead of using up those attempts, so when the database is back every event ends SYNCED, once. CI stops it
 * for 8 s; docs/reliability.md has the longer run:
 * {@code mvn -B test -Dtest=DatabaseOutageTest -Dreliability.db-outage-seconds=60}.
 */
class DatabaseOutageTest {

    @Test
    void whenTheDatabaseIsBackEveryEventCompletesOnce() throws Exception {
        int events = Integer.getInteger("reliability.events", 200);
        Duration outage = Duration.ofSeconds(Long.getLong("reliability.db-outage-seconds", 8));
        Path dir = Path.of("target", "reliability", "db-outage-" + System.currentTimeMillis());
        int pgPort = AppProcess.freePort();
        File pgData = dir.resolve("pgdata").toAbsolutePath().toFile();

        EmbeddedPostgres postgres = postgres(pgPort, pgData);
        try (CountingCarts cart = new CountingCarts(20);
             AppProcess app = new AppProcess(dir, cart.port(), 10,
                    "--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres",
                    "--spring.datasource.username=postgres",
                    "--spring.datasource.hikari.connection-timeout=2000",
                    "--writeback.broker.max-delivery-attempts="
                            + Integer.getInteger("reliability.max-delivery-attempts", 3),
                    "--writeback.quartz.driver-delegate=org.quartz.impl.jdbcjobstore.PostgreSQLDelegate")) {
            app.start();
            int before = events / 2;
            CrashRecoveryTest.send(app.brokerPort(), before);

            TimeUnit.MILLISECONDS.sleep(500); // mid-stream: the outage is the experiment
            postgres.close();
            Instant stopped = Instant.now();
            // the other half arrives while the database is down: the app writes faster than a stream can be timed
            CrashRecoveryTest.send(app.brokerPort(), CrashRecoveryTest.PRODUCER, CrashRecoveryTest.PRODUCER,
                    events - before, i -> CrashRecoveryTest.event(before + i, 10, 100_000));
            TimeUnit.MILLISECONDS.sleep(Math.max(0, outage.toMillis() - Duration.between(stopped, Instant.now())
                    .toMillis()));
            postgres = postgres(pgPort, pgData);
            Instant back = Instant.now();

            Map<String, Integer> after = CrashRecoveryTest.awaitNothingPendingOrFailed(app, events,
                    Duration.ofMinutes(3));
            Duration recovery = Duration.between(back, Instant.now());
            app.terminate();

            long duplicated = cart.fulfillments().values().stream().filter(f -> f.size() > 1).count();
            System.out.printf("Database outage of %.1f s: %d events; after it %s; duplicated %d; in the cart %d;"
                            + " all done %.1f s after the database came back%n",
                    Duration.between(stopped, back).toMillis() / 1000.0, events, after, duplicated,
                    cart.fulfillments().size(), recovery.toMillis() / 1000.0);
            assertThat(after).isEqualTo(Map.of("SYNCED", events));
            assertThat(duplicated).isZero();
            assertThat(cart.fulfillments()).hasSize(events);
        } finally {
            postgres.close();
        }
    }

    /** PostgreSQL 15 on a fixed port and data folder, so that it comes back as the same database. */
    private static EmbeddedPostgres postgres(int port, File dataDirectory) throws IOException {
        return EmbeddedPostgres.builder().setPort(port).setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false).setOverrideWorkingDirectory(new File("target/embedded-pg-outage"))
                .start();
    }
}
