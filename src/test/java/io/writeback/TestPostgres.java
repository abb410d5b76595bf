package io.writeback;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import org.springframework.test.context.DynamicPropertyRegistry;

/** The production database for a test context: an embedded PostgreSQL, and the app pointed at it. */
public final class TestPostgres {

    private TestPostgres() {
    }

    /**
     * Starts PostgreSQL and registers its datasource and Quartz's PostgreSQL delegate; the context runs beside the
     * cached H2 one, so it gets its own broker and HTTP ports.
     */
    public static void register(DynamicPropertyRegistry registry, int brokerPort, int httpPort) throws IOException {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(new File("target/embedded-pg"))
                .setCleanDataDirectory(true)
                .start();
        registry.add("spring.datasource.url", () -> postgres.getJdbcUrl("postgres", "postgres"));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
        registry.add("writeback.broker.port", () -> brokerPort);
        registry.add("writeback.quartz.driver-delegate", () -> "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        registry.add("server.port", () -> httpPort);
    }
}
