package io.writeback.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.writeback.TestEvent;
import io.writeback.WritebackTestSupport;
import io.writeback.ledger.RetrySchedule;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The Quartz-driven writeback-retry-scheduler with a shortened cron (every second), a base interval of 1 s and three
 * scheduled retries, and no redelivery inside the route, so each attempt is one call the test can time.
 */
@DirtiesContext
@TestPropertySource(properties = {
        "writeback.retry.cron=* * * * * ?",
        "writeback.retry.base-interval=1s",
        "writeback.retry.max-scheduled-attempts=3",
        "writeback.redelivery.maximum-redeliveries=0",
        "spring.datasource.url=jdbc:h2:mem:retry-scheduler;DB_CLOSE_DELAY=-1"})
class RetrySchedulerTest extends WritebackTestSupport {

    private static final int HTTP_PORT = freePort();

    @DynamicPropertySource
    static void ownPorts(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> HTTP_PORT);
        registry.add("writeback.broker.port", () -> 61656);
    }

    @Test
    void afterTheOutageTheScheduledRetrySyncsAndRemovesTheTag() {
        shop.outage(1);
        send(TestEvent.shopify("SHP-1"));
        awaitShipment("SHP-1", "FAILED");
        assertThat(tags("1001")).containsExactly(FAILED_TAG);

        awaitShipment("SHP-1", "SYNCED");
        await().atMost(Duration.ofSeconds(5)).until(() -> tags("1001").isEmpty());
        assertThat(shop.fulfillments(1001)).hasSize(1);
        assertThat(timelineEvents("1001")).containsSubsequence("FAILED", "TAG_ADDED", "RETRY_QUEUED", "RECEIVED",
                "SYNCED", "TAG_REMOVED");
        assertThat(jdbc.sql("SELECT message FROM order_timeline WHERE event = 'RETRY_QUEUED'").query(String.class)
                .single()).isEqualTo("Retry of shipment SHP-1 queued by the retry schedule");
    }

    @Test
    void scheduledRetriesComeAtGrowingIntervalsAndStopAtTheCap() {
        shop.outage(1000);
        send(TestEvent.shopify("SHP-2"));

        await().atMost(Duration.ofSeconds(20)).until(() -> {
            var row = shipment("SHP-2");
            return "FAILED".equals(row.get("status")) && Integer.valueOf(3).equals(row.get("scheduled_attempts"))
                    && row.get("next_retry_at") == null && shop.requestTimes("OrderFulfillments").size() >= 4;
        });
        List<Long> attempts = shop.requestTimes("OrderFulfillments");
        assertThat(attempts).hasSize(4);
        // retry 1 at the first firing after the failure, retry 2 one base interval (1 s) after its failure,
        // retry 3 two base intervals after its failure (the cron fires each second, so up to 1 s later)
        assertThat(attempts.get(1) - attempts.get(0)).isLessThan(2_500L);
        assertThat(attempts.get(2) - attempts.get(1)).isBetween(1_000L, 3_500L);
        assertThat(attempts.get(3) - attempts.get(2)).isBetween(2_000L, 4_500L);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> shop.requestTimes("OrderFulfillments").size() == 4);
        assertThat(jdbc.sql("SELECT message FROM order_timeline WHERE event = 'FAILED' ORDER BY id")
                .query(String.class).list()).last().asString().contains("scheduled retries are used up");
    }

    @Test
    void aMappingAddedThroughTheApiIsPickedUpByTheNextRun() {
        send(TestEvent.shopify("SHP-4").with("warehouseId", "WH-B"));
        awaitShipment("SHP-4", "FAILED");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .until(() -> "FAILED".equals(shipment("SHP-4").get("status")));

        jdbc.sql("INSERT INTO location_mapping (store_id, warehouse_id, location_id, updated_at)"
                + " VALUES ('test-shopify', 'WH-B', 'gid://shopify/Location/1', CURRENT_TIMESTAMP)").update();
        assertThat(retrySchedule().mappingAdded("test-shopify", "WH-B", "gid://shopify/Location/1")).isEqualTo(1);

        awaitShipment("SHP-4", "SYNCED");
        assertThat(shop.fulfillments(1001)).hasSize(1);
    }

    private RetrySchedule retrySchedule() {
        return camel.getRegistry().findSingleByType(RetrySchedule.class);
    }
}
