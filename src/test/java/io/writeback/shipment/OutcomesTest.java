package io.writeback.shipment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.writeback.TestEvent;
import io.writeback.WritebackTestSupport;
import io.writeback.flow.StalledShipments;
import io.writeback.ledger.RetrySchedule;
import io.writeback.ledger.RetrySource;
import io.writeback.ledger.ShipmentLedger;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every shipment ends SYNCED or FAILED-and-tagged, whatever the order of events and whatever breaks: duplicates
 * racing with their twin's outcome, an older event coming back after a newer one, a retry whose message is lost,
 * a message no route will decide, an exception on every delivery.
 */
class OutcomesTest extends WritebackTestSupport {

    private static final String NEW_UPS = "1Z999AA10123456784";

    @Autowired
    EmbeddedActiveMQ broker;
    @Autowired
    ShipmentLedger ledger;
    @Autowired
    RetrySchedule retrySchedule;
    @Autowired
    StalledShipments sweeper;

    /** Until no message waits, is scheduled or is being delivered on the queues the writeback uses. */
    private void awaitQueuesIdle() {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            for (String name : List.of("shipments.inbound", "writeback.shopify")) {
                Queue queue = broker.getActiveMQServer().locateQueue(name);
                if (queue.getMessageCount() + queue.getScheduledCount() + queue.getDeliveringCount() > 0) {
                    return false;
                }
            }
            return true;
        });
    }

    @Test
    void theSameEventSentManyTimesAtOnceEndsSyncedWithOneCartWriteEach() throws Exception {
        int orders = 12;
        int copies = 8;
        for (int i = 0; i < orders; i++) {
            shop.order(3000 + i, "#" + (3000 + i), 1, 300L + i, "TEE", 1);
        }
        ExecutorService senders = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int copy = 0; copy < copies; copy++) {
                for (int i = 0; i < orders; i++) {
                    String event = TestEvent.shopifyOrder("DUP-" + i, Integer.toString(3000 + i),
                            Long.toString(300L + i), 1).json();
                    sent.add(senders.submit(() -> send(event)));
                }
            }
            for (Future<?> future : sent) {
                future.get();
            }
        } finally {
            senders.shutdown();
        }

        awaitQueuesIdle();
        for (int i = 0; i < orders; i++) {
            assertThat(shipment("DUP-" + i)).as("DUP-" + i).containsEntry("status", "SYNCED");
            assertThat(shop.fulfillments(3000 + i)).as("fulfillments of order " + (3000 + i)).hasSize(1);
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM order_tag").query(Integer.class).single()).isZero();
    }

    @Test
    void anOlderEventComingBackAfterANewerOneIsNotWritten() {
        shop.rateLimit(1); // the first call is THROTTLED: the older event waits in the broker
        send(TestEvent.shopify("SHP-1"));
        await().atMost(Duration.ofSeconds(10)).until(() -> !timeline("1001", "THROTTLED").isEmpty());
        send(TestEvent.shopify("SHP-1").with("trackingNumber", NEW_UPS));

        awaitQueuesIdle();
        assertThat(shipment("SHP-1")).containsEntry("status", "SYNCED").containsEntry("synced_tracking_number", NEW_UPS)
                .containsEntry("event_version", 2L);
        assertThat((String) shipment("SHP-1").get("event_json")).contains(NEW_UPS);
        assertThat(shop.fulfillments(1001)).singleElement().satisfies(f -> assertThat(f.number()).isEqualTo(NEW_UPS));
        assertThat(tags("1001")).isEmpty();
    }

    @Test
    void aRetryWhoseMessageIsLostComesDueAgain() {
        shop.outage(10);
        send(TestEvent.shopify("SHP-1"));
        awaitShipment("SHP-1", "FAILED");
        RetrySchedule.RetryCandidate failed = retrySchedule.retryCandidates("1001").get(0);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);

        // queued and committed, but its message never reaches the broker
        retrySchedule.retryQueued(failed, RetrySource.SCHEDULE, null, false, Duration.ofSeconds(2));

        // still FAILED, due again when the in-flight timeout ends: the scheduler's selection sends it then
        OffsetDateTime dueAgain = jdbc.sql("SELECT next_retry_at FROM shipment WHERE shipment_id = 'SHP-1'"
                + " AND status = 'FAILED'").query(OffsetDateTime.class).single();
        assertThat(dueAgain).isAfter(now.plusSeconds(1)).isBefore(now.plusSeconds(3));
    }

    @Test
    void aShipmentPendingLongPastItsDueTimeIsMadeVisible() throws Exception {
        send(TestEvent.shopify("SHP-1"));
        awaitShipment("SHP-1", "SYNCED");
        // a shipment whose message was lost: PENDING, due an hour ago
        ShipmentEvent lost = new ShipmentEventParser(262144, 500).parse(
                TestEvent.shopifyOrder("SHP-LOST", "1002", "21", 1).json());
        ledger.receive(lost, "{}", null);
        ledger.dueAt("SHP-LOST", OffsetDateTime.now(ZoneOffset.UTC).minusHours(1));

        camel.getRouteController().suspendRoute("writeback-shopify");
        try {
            assertThat(sweeper.sweep()).as("a suspended channel's shipments wait on purpose").isZero();
        } finally {
            camel.getRouteController().resumeRoute("writeback-shopify");
        }
        assertThat(sweeper.sweep()).isEqualTo(1);

        assertThat(shipment("SHP-LOST")).containsEntry("status", "FAILED").containsEntry("last_failure_category",
                "STALLED");
        assertThat(shipment("SHP-LOST").get("next_retry_at")).isNotNull();
        assertThat(tags("1002")).containsExactly(FAILED_TAG);
        assertThat(timeline("1002", "FAILED")).singleElement().asString().contains("no writeback in progress");
        assertThat(shipment("SHP-1")).containsEntry("status", "SYNCED");
    }

    @Test
    void anExceptionOnEveryDeliveryIsRecordedOnTheLastOne() {
        jdbc.sql("ALTER TABLE shipment ADD CONSTRAINT test_refuse_synced"
                + " CHECK (shipment_id <> 'SHP-BOOM' OR status <> 'SYNCED')").update();
        try {
            send(TestEvent.shopify("SHP-BOOM"));

            Exchange failed = awaitFailedMessage();
            assertThat(failed.getIn().getHeader("WritebackFailureCategory")).isEqualTo("INTERNAL_ERROR");
            assertThat(failed.getIn().getHeader("WritebackFailureReason", String.class))
                    .contains("The app failed on every delivery of this shipment");
            assertThat(failed.getIn().getBody(String.class)).contains("SHP-BOOM");
            assertThat(shipment("SHP-BOOM")).containsEntry("status", "FAILED")
                    .containsEntry("last_failure_category", "INTERNAL_ERROR");
            assertThat(tags("1001")).containsExactly(FAILED_TAG);
            assertThat(shop.fulfillments(1001)).as("the cart was read before each write").hasSize(1);
        } finally {
            jdbc.sql("ALTER TABLE shipment DROP CONSTRAINT test_refuse_synced").update();
        }
    }
}
