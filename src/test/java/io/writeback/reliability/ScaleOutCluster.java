package io.writeback.reliability;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What several instances share: the standalone Artemis with its logins and one PostgreSQL, and the instances of the
 * app on them, each its own process with {@code writeback.rate-limit.shared} (unless told otherwise).
 */
final class ScaleOutCluster implements AutoCloseable {

    private final Path dir;
    private final ExternalBroker broker;
    private final EmbeddedPostgres postgres;
    private final AtomicInteger databases = new AtomicInteger();

    ScaleOutCluster(Path dir) throws Exception {
        this.dir = dir;
        this.broker = ExternalBroker.create(dir.resolve("broker")).start(dir.resolve("broker.log"));
        this.postgres = EmbeddedPostgres.builder().setOverrideWorkingDirectory(new File("target/embedded-pg-scale-out"))
                .setCleanDataDirectory(true).start();
    }

    ExternalBroker broker() {
        return broker;
    }

    /** A database of its own for a run, on the shared PostgreSQL. */
    String newDatabase() throws Exception {
        String name = "scale_out_" + databases.incrementAndGet();
        try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
            connection.createStatement().execute("CREATE DATABASE " + name);
        }
        return name;
    }

    /** A connection to {@code database}, as the instances use it. */
    Connection connect(String database) throws Exception {
        return postgres.getDatabase("postgres", database).getConnection();
    }

    /** {@code count} instances on {@code database}, with {@code shopifyStores} stores served by {@code cart}. */
    List<AppProcess> instances(int count, String database, CountingCarts cart, int shopifyStores, List<String> more)
            throws Exception {
        List<AppProcess> apps = new ArrayList<>();
        for (int n = 1; n <= count; n++) {
            List<String> arguments = new ArrayList<>(broker.appArguments());
            arguments.addAll(List.of("--spring.datasource.url=" + postgres.getJdbcUrl("postgres", database),
                    "--spring.datasource.username=postgres", "--spring.datasource.password=",
                    "--writeback.quartz.driver-delegate=org.quartz.impl.jdbcjobstore.PostgreSQLDelegate",
                    "--writeback.rate-limit.shared=" + System.getProperty("scaleout.shared", "true"),
                    "--writeback.retry.cron=0/2 * * * * ?"));
            arguments.addAll(more);
            apps.add(new AppProcess(dir.resolve(database + "-instance-" + n), cart.port(), shopifyStores,
                    arguments.toArray(String[]::new)));
        }
        return apps;
    }

    /** Starts the instances together, as a deployment does; returns the slowest start. */
    static Duration startAll(List<AppProcess> apps) throws Exception {
        ExecutorService starting = Executors.newFixedThreadPool(apps.size());
        try {
            List<Future<Duration>> started = new ArrayList<>();
            for (AppProcess app : apps) {
                started.add(starting.submit(app::start));
            }
            Duration slowest = Duration.ZERO;
            for (Future<Duration> start : started) {
                Duration took = start.get();
                slowest = took.compareTo(slowest) > 0 ? took : slowest;
            }
            return slowest;
        } finally {
            starting.shutdownNow();
        }
    }

    static void closeAll(Collection<AppProcess> apps) throws InterruptedException {
        for (AppProcess app : apps) {
            app.close();
        }
    }

    @Override
    public void close() throws Exception {
        broker.close();
        postgres.close();
    }
}
