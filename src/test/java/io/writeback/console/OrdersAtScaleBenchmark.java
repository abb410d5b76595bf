package io.writeback.console;

import io.writeback.TestEvent;
import io.writeback.WritebackTestSupport;
import io.writeback.api.FailureCauses;
import io.writeback.api.OrderQueries;
import io.writeback.ledger.ShipmentQueries;
import io.writeback.retry.RetryForecast;
import io.writeback.retry.RetryProgress;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the console's reads cost with 100,000 orders in the ledger (-Dbench.orders): each page's queries timed on the
 * app's own database (embedded H2 here; {@link OrdersAtScalePostgresBenchmark} on PostgreSQL), median of 7 runs after
 * 3 warm-up runs, printed as a Markdown table. Not part of the test suite (its name does not end in Test);
 * docs/performance.md has the command and the figures.
 */
class OrdersAtScaleBenchmark extends WritebackTestSupport {

    private static final int ORDERS = Integer.getInteger("bench.orders", 100_000);
    private static final String[] STORES = {"test-shopify", "real-shopify", "test-amazon", "test-bigcommerce"};

    @Autowired
    OrderQueries orders;
    @Autowired
    FailureCauses causes;
    @Autowired
    ShipmentQueries shipments;
    @Autowired
    RetryForecast forecasts;
    @Autowired
    RetryProgress progress;
    @Autowired
    JdbcTemplate jdbcTemplate;

    @Test
    void consoleReadsAt100000Orders() {
        Duration loading = time(this::load);
        send(TestEvent.shopify("SHP-WARM")); // the app is up and writing while the ledger is this big
        awaitShipment("SHP-WARM", "SYNCED");
        OrderQueries.Filter all = OrderQueries.Filter.of(null, null, null, null, null, null, null, null);
        OrderQueries.Filter tagged = OrderQueries.Filter.of(FAILED_TAG, null, null, null, null, null, null, null);
        List<String> failedOrders = new ArrayList<>();
        orders.find(tagged, 5000, 0).items().forEach(order -> failedOrders.add(order.orderNumber()));

        Map<String, Supplier<Object>> reads = new LinkedHashMap<>();
        reads.put("orders, first page (50)", () -> orders.find(all, 50, 0));
        reads.put("orders, page 1,000 (offset 50,000)", () -> orders.find(all, 50, 50_000));
        reads.put("orders, counts by status", () -> orders.countByStatus(all));
        reads.put("orders, tag filter, first page", () -> orders.find(tagged, 50, 0));
        reads.put("orders, tag filter, counts", () -> orders.countByStatus(tagged));
        reads.put("orders, status FAILED + store", () -> orders.find(
                OrderQueries.Filter.of(null, "FAILED", null, "test-shopify", null, null, null, null), 50, 0));
        reads.put("orders, category LOCATION_NOT_MAPPED", () -> orders.find(
                OrderQueries.Filter.of(null, null, null, null, "LOCATION_NOT_MAPPED", null, null, null), 50, 0));
        reads.put("orders, number prefix B-0420", () -> orders.find(
                OrderQueries.Filter.of(null, null, null, null, null, "B-0420", null, null), 50, 0));
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        reads.put("orders, updated yesterday", () -> orders.find(
                OrderQueries.Filter.of(null, null, null, null, null, null, today.minusDays(1), today.minusDays(1)), 50,
                0));
        reads.put("one order with its timeline", () -> orders.get("B-042042"));
        reads.put("failures by cause", () -> causes.find(null, null));
        reads.put("stores: last 24 h + oldest failure", () -> List.of(
                shipments.byStoreSince(OffsetDateTime.now(ZoneOffset.UTC).minusDays(1)), shipments.oldestFailures()));
        reads.put("retry confirmation of " + failedOrders.size() + " orders (forecast)",
                () -> forecasts.forecast(failedOrders));
        reads.put("retry progress of " + failedOrders.size() + " orders", () -> progress.of(failedOrders));

        System.out.printf("%n| read, %,d orders (%s; loaded in %d s) | median | slowest |%n|---|---|---|%n", ORDERS,
                database(), loading.toSeconds());
        reads.forEach((name, read) -> {
            for (int i = 0; i < 3; i++) {
                ledgerWritten();
                read.get();
            }
            long[] runs = new long[7];
            for (int i = 0; i < runs.length; i++) {
                ledgerWritten();
                runs[i] = time(read::get).toNanos();
            }
            Arrays.sort(runs);
            System.out.printf("| %s | %.1f ms | %.1f ms |%n", name, runs[3] / 1e6, runs[6] / 1e6);
        });
    }

    /**
     * A write to each table, as the running app makes them all the time: H2 answers a query again from the last
     * result while no table it reads has changed, which would time nothing.
     */
    private void ledgerWritten() {
        for (String table : List.of("writeback_order", "shipment", "order_tag", "order_timeline")) {
            jdbc.sql("UPDATE " + table + " SET order_number = order_number WHERE order_number = 'B-000000'").update();
        }
    }

    String database() {
        return "H2 " + jdbc.sql("SELECT H2VERSION()").query(String.class).single();
    }

    /**
     * Orders over the last 60 days: 90 % written back, 8 % failed and tagged (half for an unmapped warehouse), 2 %
     * pending (due now: not stalled); one shipment and three timeline entries each.
     */
    private void load() {
        Instant now = Instant.now();
        List<Object[]> orderRows = new ArrayList<>();
        List<Object[]> shipmentRows = new ArrayList<>();
        List<Object[]> tagRows = new ArrayList<>();
        List<Object[]> timelineRows = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            String orderNumber = String.format("B-%06d", i);
            String store = STORES[i % STORES.length];
            String channel = store.substring(store.indexOf('-') + 1);
            String status = i % 50 == 7 ? "PENDING" : i % 25 == 3 || i % 25 == 4 ? "FAILED" : "SYNCED";
            Timestamp updated = Timestamp.from(now.minusSeconds((long) i * 60 * 60 * 24 * 60 / ORDERS));
            String category = "FAILED".equals(status) ? (i % 2 == 0 ? "LOCATION_NOT_MAPPED" : "CHANNEL_UNAVAILABLE")
                    : null;
            orderRows.add(new Object[] {orderNumber, channel, store, status, updated, updated});
            shipmentRows.add(new Object[] {"S-" + orderNumber, orderNumber, channel, store, "WH-" + (i % 3), "UPS",
                    "1Z" + orderNumber, status, category, category == null ? null : "why " + category,
                    "SYNCED".equals(status) ? updated : null, "{\"shipmentId\":\"S-" + orderNumber + "\"}",
                    "PENDING".equals(status) ? Timestamp.from(now) : null, updated, updated});
            if ("FAILED".equals(status)) {
                tagRows.add(new Object[] {orderNumber, FAILED_TAG, updated});
            }
            for (String event : List.of("RECEIVED", "SUBMITTED", status)) {
                timelineRows.add(new Object[] {orderNumber, "S-" + orderNumber, updated, event, event + " at bench"});
            }
        }
        batch("INSERT INTO writeback_order (order_number, channel, store_id, status, created_at, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?)", orderRows);
        batch("INSERT INTO shipment (shipment_id, order_number, channel, store_id, warehouse_id, carrier,"
                + " tracking_number, status, last_failure_category, last_failure_reason, synced_at, event_json, due_at,"
                + " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", shipmentRows);
        batch("INSERT INTO order_tag (order_number, tag, created_at) VALUES (?, ?, ?)", tagRows);
        batch("INSERT INTO order_timeline (order_number, shipment_id, at, event, message) VALUES (?, ?, ?, ?, ?)",
                timelineRows);
        loaded();
    }

    /** After the load, what the database does on its own before long (PostgreSQL's autovacuum analyses the tables). */
    void loaded() {
    }

    private void batch(String sql, List<Object[]> rows) {
        for (int from = 0; from < rows.size(); from += 1000) {
            jdbcTemplate.batchUpdate(sql, rows.subList(from, Math.min(rows.size(), from + 1000)));
        }
    }

    private static Duration time(Runnable work) {
        long start = System.nanoTime();
        work.run();
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
