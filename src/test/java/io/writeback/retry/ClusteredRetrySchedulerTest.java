package io.writeback.retry;

import static org.assertj.core.api.Assertions.assertThat;

import io.writeback.WritebackApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two instances of the app on one PostgreSQL share the clustered Quartz job store: each firing of the retry
 * scheduler's cron (every second here) runs on one instance only.
 */
class ClusteredRetrySchedulerTest {

    private static final Map<ConfigurableApplicationContext, AtomicLong> FIRINGS = new ConcurrentHashMap<>();
    private static EmbeddedPostgres postgres;
    private static List<ConfigurableApplicationContext> instances;

    @BeforeAll
    static void twoInstances() throws Exception {
        postgres = EmbeddedPostgres.builder().setOverrideWorkingDirectory(new File("target/embedded-pg-cluster"))
                .setCleanDataDirectory(true).start();
        instances = List.of(instance(61666), instance(61676));
        for (ConfigurableApplicationContext instance : instances) {
            countFirings(instance);
        }
    }

    @AfterAll
    static void stop() throws IOException {
        instances.forEach(ConfigurableApplicationContext::close);
        postgres.close();
    }

    @Test
    void eachFiringRunsOnOneInstance() throws Exception {
        long first = firings();
        long start = System.nanoTime();
        Thread.sleep(Duration.ofSeconds(6).toMillis()); // the thing measured is how often a 1 s cron fires in 6 s
        double seconds = (System.nanoTime() - start) / 1e9;
        long fired = firings() - first;
        System.out.printf("Clustered retry scheduler: %d firings of a 1 s cron in %.1f s across two instances %s%n",
                fired, seconds, FIRINGS.values());

        assertThat(fired).as("firings of a 1 s cron across two instances in %.1f s", seconds)
                .isBetween(3L, Math.round(seconds) + 1);
        assertThat(FIRINGS.values()).as("both instances are up and in the cluster").hasSize(2);
    }

    private static long firings() {
        return FIRINGS.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** Counts the completed runs of the retry scheduler route in one instance. */
    private static void countFirings(ConfigurableApplicationContext instance) throws Exception {
        AtomicLong counter = new AtomicLong();
        FIRINGS.put(instance, counter);
        EventNotifierSupport notifier = new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                if (event instanceof CamelEvent.ExchangeCompletedEvent completed
                        && "writeback-retry-scheduler".equals(completed.getExchange().getFromRouteId())) {
                    counter.incrementAndGet();
                }
            }
        };
        CamelContext camel = instance.getBean(CamelContext.class);
        camel.getManagementStrategy().addEventNotifier(notifier);
        notifier.start();
    }

    private static ConfigurableApplicationContext instance(int brokerPort) throws IOException {
        Map<String, Object> properties = Map.of(
                "writeback.test.http-port", freePort(),
                "writeback.broker.port", brokerPort,
                "writeback.data-dir", "./target/test-data/cluster-" + brokerPort,
                "writeback.retry.cron", "* * * * * ?",
                "writeback.quartz.driver-delegate", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate",
                "spring.datasource.url", postgres.getJdbcUrl("postgres", "postgres"),
                "spring.datasource.username", "postgres",
                "camel.main.jmx-enabled", "false");
        return new SpringApplicationBuilder(WritebackApplication.class).profiles("test")
                .run(properties.entrySet().stream().map(p -> "--" + p.getKey() + "=" + p.getValue())
                        .toArray(String[]::new));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
