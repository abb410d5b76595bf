package io.writeback.store;

import io.writeback.TestPostgres;
import java.io.IOException;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link LocationMappingSeedTest} on PostgreSQL, the production database. */
@DirtiesContext
class LocationMappingSeedPostgresTest extends LocationMappingSeedTest {

    private static final int HTTP_PORT = freePort();

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) throws IOException {
        TestPostgres.register(registry, 61726, HTTP_PORT);
    }
}
