package io.writeback.flow;

import io.writeback.cart.CartAdapter;
import io.writeback.failure.FailureCategory;
import io.writeback.failure.WritebackFailure;
import io.writeback.inventory.InventoryCounts;
import io.writeback.inventory.InventoryExchange;
import io.writeback.inventory.InventoryLevel;
import io.writeback.inventory.InventoryWrite;
import io.writeback.inventory.PendingCount;
import io.writeback.metrics.WritebackMetrics;
import io.writeback.pacing.RateBudget;
import io.writeback.shipment.WritebackHeaders;
import io.writeback.store.LocationMappings;
import io.writeback.store.Store;
import io.writeback.store.Stores;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The steps of {@code inventory-<channel>}: one write of a store's inventory at a time (a lease in SQL), taking every
 * count PENDING for the store however many events brought them (a burst of updates to a SKU is one write of its
 * latest count); the location rules (an unmapped warehouse fails saying which mapping to add, an excluded one is
 * skipped, several warehouses mapped to one location write their sum); the store's rate budget after the tracking
 * writes; the outcome of each count. A write that must wait waits in the broker, never in a consumer thread.
 */
@Component
public class InventoryWriteback {

    private static final Logger log = LoggerFactory.getLogger(InventoryWriteback.class);
    private static final String REDELIVERIES = "WritebackInventoryRedeliveries";
    private static final String THROTTLED_WAITS = "WritebackInventoryThrottledWaits";
    /** How often a write of a store another write holds looks again. */
    private static final Duration BUSY_WAIT = Duration.ofSeconds(2);
    /** The shortest wait for the store's budget: a write that yields to tracking does not spin. */
    private static final Duration MIN_BUDGET_WAIT = Duration.ofMillis(200);
    private static final int MAX_BACK_OFF_SECONDS = 30;

    private final Stores stores;
    private final InventoryCounts counts;
    private final LocationMappings mappings;
    private final Map<String, CartAdapter> adapters;
    private final RateBudget budget;
    private final WritebackMetrics metrics;
    private final int maxCountsPerWrite;
    private final RedeliveryPolicy redeliveryDelays;
    private final int maximumRedeliveries;
    private final int maxThrottledWaits;
    private final Duration maxWait;
    private final Duration lease;

    public InventoryWriteback(Stores stores, InventoryCounts counts, LocationMappings mappings,
                              Map<String, CartAdapter> adapters, RateBudget budget, WritebackMetrics metrics,
                              @Value("${writeback.inventory.max-counts-per-write}") int maxCountsPerWrite,
                              @Value("${writeback.redelivery.delay-pattern}") String delayPattern,
                              @Value("${writeback.redelivery.maximum-redeliveries}") int maximumRedeliveries,
                              @Value("${writeback.rate-limit.max-throttled-waits}") int maxThrottledWaits,
                              @Value("${writeback.rate-limit.max-wait}") Duration maxWait,
                              @Value("${writeback.inventory.write-lease}") Duration lease) {
        this.stores = stores;
        this.counts = counts;
        this.mappings = mappings;
        this.adapters = adapters;
        this.budget = budget;
        this.metrics = metrics;
        this.maxCountsPerWrite = maxCountsPerWrite;
        this.redeliveryDelays = new RedeliveryPolicy().delayPattern(delayPattern);
        this.maximumRedeliveries = maximumRedeliveries;
        this.maxThrottledWaits = maxThrottledWaits;
        this.maxWait = maxWait;
        this.lease = lease;
    }

    /**
     * Takes the store's lease ({@link InventoryExchange#BUSY} when another write holds it) and the store's PENDING
     * counts ({@link InventoryExchange#NOTHING_PENDING} when an earlier write took them all).
     */
    public void begin(Exchange exchange) {
        Message message = exchange.getIn();
        message.removeHeader(WritebackHeaders.DELIVER_AT);
        Store store = stores.find(message.getHeader("storeId", String.class)).orElse(null);
        exchange.setProperty(InventoryExchange.BUSY, false);
        exchange.setProperty(InventoryExchange.NOTHING_PENDING, store == null);
        if (store == null) {
            log.warn("Inventory write for store {}, which is no longer configured: nothing written",
                    message.getHeader("storeId"));
            return;
        }
        String holder = UUID.randomUUID().toString();
        if (!counts.lease(store.id(), holder, lease)) {
            exchange.setProperty(InventoryExchange.BUSY, true);
            deferBy(exchange, BUSY_WAIT);
            return;
        }
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                counts.release(store.id(), holder);
            }
        });
        List<PendingCount> pending = counts.pending(store.id(), maxCountsPerWrite);
        exchange.setProperty(InventoryExchange.NOTHING_PENDING, pending.isEmpty());
        exchange.setProperty(InventoryExchange.MORE_PENDING, pending.size() == maxCountsPerWrite);
        exchange.setProperty(InventoryExchange.WRITE, new InventoryWrite(store, pending, List.of()));
    }

    /**
     * The location rules: a count of an excluded warehouse is skipped, one of an unmapped warehouse fails
     * (LOCATION_NOT_MAPPED, naming the mapping to add); the rest become the quantities to write, each the sum of
     * every warehouse mapped to the location (for a cart without locations, to the store), never below zero.
     */
    public void locate(Exchange exchange) {
        InventoryWrite write = exchange.getProperty(InventoryExchange.WRITE, InventoryWrite.class);
        Store store = write.store();
        Map<String, String> mapped = mappings.forStore(store.id());
        Set<String> excluded = mappings.excludedFromInventory(store.id());
        boolean perLocation = adapter(store).inventoryPerLocation();
        List<PendingCount> skipped = new ArrayList<>();
        Map<String, List<PendingCount>> unmapped = new LinkedHashMap<>();
        Map<LevelKey, List<PendingCount>> toWrite = new LinkedHashMap<>();
        for (PendingCount count : write.pending()) {
            String location = mapped.get(count.warehouseId());
            if (excluded.contains(count.warehouseId())) {
                skipped.add(count);
            } else if (location == null) {
                unmapped.computeIfAbsent(count.warehouseId(), warehouse -> new ArrayList<>()).add(count);
            } else {
                toWrite.computeIfAbsent(new LevelKey(perLocation ? location : null, count.sku()),
                        key -> new ArrayList<>()).add(count);
            }
        }
        if (!skipped.isEmpty()) {
            counts.skipped(store.id(), skipped);
            metrics.inventory(store, "skipped", null, skipped.size());
        }
        List<WritebackFailure> failures = new ArrayList<>();
        unmapped.forEach((warehouse, notMapped) -> {
            WritebackFailure failure = new WritebackFailure(FailureCategory.LOCATION_NOT_MAPPED, "Warehouse "
                    + warehouse + " is not mapped to a location of " + store.channel().displayName() + " store "
                    + store.id() + ": inventory is written per mapped location. Add the mapping (PUT /api/stores/"
                    + store.id() + "/location-mappings/" + warehouse + "), or leave the warehouse out of inventory"
                    + " writeback; its counts are written once it is mapped");
            counts.failed(store.id(), notMapped, null, failure);
            metrics.inventory(store, "failed", failure.getCategory(), notMapped.size());
            failures.add(failure);
        });
        exchange.setProperty(InventoryExchange.FAILURES, failures);
        Map<String, Map<String, Integer>> latest = counts.latest(store.id(),
                toWrite.keySet().stream().map(LevelKey::sku).toList());
        List<InventoryLevel> levels = new ArrayList<>();
        toWrite.forEach((key, written) -> {
            long total = latest.getOrDefault(key.sku(), Map.of()).entrySet().stream()
                    .filter(count -> !excluded.contains(count.getKey()) && mapped.containsKey(count.getKey())
                            && (key.location() == null || key.location().equals(mapped.get(count.getKey()))))
                    .mapToLong(Map.Entry::getValue).sum();
            levels.add(new InventoryLevel(key.location(), key.sku(), (int) Math.clamp(total, 0, Integer.MAX_VALUE),
                    written));
        });
        exchange.setProperty(InventoryExchange.WRITE, new InventoryWrite(store, write.pending(), levels));
    }

    /**
     * The write's cost from the store's budget, after the tracking writes: taken only when nothing is reserved ahead
     * of it, else the write waits in the broker ({@link InventoryExchange#DEFERRED}) and asks again.
     */
    public void takeBudget(Exchange exchange) {
        InventoryWrite write = exchange.getProperty(InventoryExchange.WRITE, InventoryWrite.class);
        Duration wait = write.levels().isEmpty() ? Duration.ZERO
                : budget.reserveIfFree(write.store(), adapter(write.store()).inventoryWriteCost(write.store(),
                        write.levels()));
        exchange.setProperty(InventoryExchange.DEFERRED, !wait.isZero());
        if (!wait.isZero()) {
            deferBy(exchange, wait.compareTo(MIN_BUDGET_WAIT) < 0 ? MIN_BUDGET_WAIT : wait);
        }
    }

    /** After the cart call: the levels written are SYNCED, the ones the cart refused FAILED with its reason. */
    @SuppressWarnings("unchecked")
    public void recordOutcome(Exchange exchange) {
        InventoryWrite write = exchange.getProperty(InventoryExchange.WRITE, InventoryWrite.class);
        Map<InventoryLevel, WritebackFailure> refused = exchange.getProperty(InventoryExchange.REFUSED, Map.class);
        List<InventoryLevel> written = write.levels().stream().filter(level -> !refused.containsKey(level)).toList();
        counts.written(write.store().id(), written);
        metrics.inventory(write.store(), "written", null, written.stream().mapToInt(level -> level.counts().size())
                .sum());
        refused.forEach((level, failure) -> {
            counts.failed(write.store().id(), level.counts(), level.locationId(), failure);
            metrics.inventory(write.store(), "failed", failure.getCategory(), level.counts().size());
        });
        exchange.getProperty(InventoryExchange.FAILURES, List.class).addAll(refused.values());
        exchange.getIn().removeHeader(REDELIVERIES);
        exchange.getIn().removeHeader(THROTTLED_WAITS);
        log.debug("Inventory of store {}: {} quantities written, {} refused", write.store().id(), written.size(),
                refused.size());
    }

    /**
     * Error-handler step for a transient failure of the whole write (the exchange holds the original message): a
     * cart's 429 waits as long as it asked without counting as an attempt (up to
     * {@code writeback.rate-limit.max-throttled-waits}); anything else takes one of the contract's redeliveries.
     * {@link InventoryExchange#DEFERRED} stays false when they are used up.
     */
    public void afterTransientFailure(Exchange exchange) {
        WritebackFailure failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, WritebackFailure.class);
        InventoryWrite write = exchange.getProperty(InventoryExchange.WRITE, InventoryWrite.class);
        Message message = exchange.getIn();
        exchange.setProperty(InventoryExchange.DEFERRED, false);
        if (write == null) {
            return;
        }
        if (failure.getCategory() == FailureCategory.RATE_LIMITED) {
            int waits = message.getHeader(THROTTLED_WAITS, 0, Integer.class) + 1;
            if (waits <= maxThrottledWaits) {
                Duration asked = failure.getRetryAfter();
                // a cart that says nothing of how long (Amazon): a second more each time
                Duration wait = asked == null ? Duration.ofSeconds(Math.min(waits, MAX_BACK_OFF_SECONDS))
                        : asked.compareTo(maxWait) > 0 ? maxWait : asked;
                if (asked != null) {
                    budget.pause(write.store(), wait);
                }
                message.setHeader(THROTTLED_WAITS, waits);
                deferBy(exchange, wait);
                return;
            }
        }
        int redelivery = message.getHeader(REDELIVERIES, 0, Integer.class) + 1;
        if (redelivery > maximumRedeliveries) {
            return;
        }
        counts.attemptFailed(write.store().id(), write.pending(), failure);
        message.setHeader(REDELIVERIES, redelivery);
        Duration wait = Duration.ofMillis(redeliveryDelays.calculateRedeliveryDelay(0, redelivery));
        deferBy(exchange, failure.getRetryAfter() != null && failure.getRetryAfter().compareTo(wait) > 0
                ? failure.getRetryAfter() : wait);
    }

    /** The message goes back to its queue, delivered again after {@code wait}. */
    private static void deferBy(Exchange exchange, Duration wait) {
        exchange.getIn().setHeader(WritebackHeaders.DELIVER_AT, System.currentTimeMillis() + wait.toMillis());
        exchange.setProperty(InventoryExchange.DEFERRED, true);
    }

    private record LevelKey(String location, String sku) {
    }

    private CartAdapter adapter(Store store) {
        return Objects.requireNonNull(adapters.get(store.channel().code()), store.channel().code());
    }
}
