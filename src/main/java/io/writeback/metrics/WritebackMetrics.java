package io.writeback.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.writeback.channel.Channel;
import io.writeback.failure.FailureCategory;
import io.writeback.store.Store;
import io.writeback.store.Stores;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * The product's own meters (Prometheus names in brackets): outcomes by channel, store and outcome
 * ({@code writeback_outcomes_total}), failures by category ({@code writeback_failures_total}), cart calls by answer
 * and their time ({@code writeback_cart_calls_seconds}), waits a cart asked for ({@code writeback_throttled_waits_total}),
 * inventory counts settled ({@code writeback_inventory_counts_total}).
 * A channel or store a message names goes into a tag only when it is one of ours ({@code unknown} otherwise): a
 * producer cannot make up label values.
 */
@Component
public class WritebackMetrics {

    static final String UNKNOWN = "unknown";

    private final MeterRegistry registry;
    private final Stores stores;

    public WritebackMetrics(MeterRegistry registry, Stores stores) {
        this.registry = registry;
        this.stores = stores;
    }

    public void synced(Store store) {
        outcome(store.channel().code(), store.id(), "synced").increment();
    }

    /** A failure recorded for a shipment; {@code channel} and {@code storeId} as the message named them, if at all. */
    public void failed(String channel, String storeId, FailureCategory category) {
        String channelTag = Channel.fromCode(channel).map(Channel::code).orElse(UNKNOWN);
        String storeTag = storeId == null ? UNKNOWN : stores.find(storeId).map(Store::id).orElse(UNKNOWN);
        outcome(channelTag, storeTag, "failed").increment();
        Counter.builder("writeback.failures").description("Writebacks that failed, by category")
                .tags("channel", channelTag, "store", storeTag, "category", category.name())
                .register(registry).increment();
    }

    /** The cart asked us to wait (429, THROTTLED): the store's calls pause. */
    public void throttled(Store store) {
        Counter.builder("writeback.throttled.waits").description("Waits a cart asked for (429 or THROTTLED)")
                .tags("channel", store.channel().code(), "store", store.id())
                .register(registry).increment();
    }

    /** One call to a cart: its answer's status ({@code none} when no answer came) and how long it took. */
    public void cartCall(Store store, Integer status, Duration took) {
        Timer.builder("writeback.cart.calls").description("Calls to the carts, by the status they answered")
                .tags("channel", store.channel().code(), "store", store.id(),
                        "status", status == null ? "none" : Integer.toString(status))
                .register(registry).record(took);
    }

    /**
     * Inventory counts of the store that a write settled: {@code written}, {@code skipped} (warehouse left out) or
     * {@code failed} with the category ({@code none} otherwise).
     */
    public void inventory(Store store, String outcome, FailureCategory category, int counts) {
        if (counts > 0) {
            Counter.builder("writeback.inventory.counts").description("Inventory counts written, skipped or failed")
                    .tags("channel", store.channel().code(), "store", store.id(), "outcome", outcome,
                            "category", category == null ? "none" : category.name())
                    .register(registry).increment(counts);
        }
    }

    private Counter outcome(String channel, String store, String outcome) {
        return Counter.builder("writeback.outcomes").description("Shipments written back or failed")
                .tags("channel", channel, "store", store, "outcome", outcome).register(registry);
    }
}
