package io.writeback.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.writeback.channel.Channel;
import io.writeback.inventory.InventoryCounts;
import io.writeback.ledger.ShipmentQueries;
import io.writeback.store.Store;
import io.writeback.store.Stores;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * What the ledger holds now, as gauges: shipments PENDING and FAILED per channel ({@code writeback_shipments}), and
 * per store the age of its oldest unresolved failure ({@code writeback_oldest_failure_age_seconds}, 0 with none),
 * which an alert on "failing for 15 minutes" reads; per store its inventory counts failed now
 * ({@code writeback_inventory_failed}). One scrape reads the database at most once per {@link #FRESH_FOR}.
 */
@Component
class LedgerGauges implements MeterBinder {

    private static final Duration FRESH_FOR = Duration.ofSeconds(10);

    private final ShipmentQueries queries;
    private final Stores stores;
    private Snapshot snapshot;

    private final InventoryCounts inventory;

    private record Snapshot(Instant at, Map<String, Map<String, Long>> counts, Map<String, OffsetDateTime> oldest,
                            Map<String, Long> failedInventory) {
    }

    LedgerGauges(ShipmentQueries queries, Stores stores, InventoryCounts inventory) {
        this.queries = queries;
        this.stores = stores;
        this.inventory = inventory;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (Channel channel : Channel.values()) {
            for (String status : new String[] {"PENDING", "FAILED"}) {
                Gauge.builder("writeback.shipments", this, g -> g.count(channel.code(), status))
                        .description("Shipments pending or failed now").tags("channel", channel.code(), "status", status)
                        .register(registry);
            }
        }
        for (Store store : stores.all()) {
            Gauge.builder("writeback.oldest.failure.age", this, g -> g.oldestFailureSeconds(store.id()))
                    .description("How long the store's oldest unresolved failure has been failed (0: none)")
                    .baseUnit("seconds").tags("channel", store.channel().code(), "store", store.id())
                    .register(registry);
            Gauge.builder("writeback.inventory.failed", this,
                            g -> g.snapshot().failedInventory().getOrDefault(store.id(), 0L))
                    .description("The store's inventory counts failed now (tagged Failed Inventory Writeback)")
                    .tags("channel", store.channel().code(), "store", store.id())
                    .register(registry);
        }
    }

    private double count(String channel, String status) {
        return snapshot().counts().getOrDefault(channel, Map.of()).getOrDefault(status, 0L);
    }

    private double oldestFailureSeconds(String storeId) {
        OffsetDateTime oldest = snapshot().oldest().get(storeId);
        return oldest == null ? 0 : Math.max(0, Duration.between(oldest.toInstant(), Instant.now()).toSeconds());
    }

    private synchronized Snapshot snapshot() {
        Instant now = Instant.now();
        if (snapshot == null || snapshot.at().plus(FRESH_FOR).isBefore(now)) {
            snapshot = new Snapshot(now, queries.pendingAndFailedByChannel(), queries.oldestFailures(),
                    inventory.failedByStore());
        }
        return snapshot;
    }
}
