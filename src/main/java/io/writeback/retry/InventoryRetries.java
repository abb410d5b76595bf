package io.writeback.retry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.writeback.inventory.InventoryCounts;
import io.writeback.store.Store;
import io.writeback.store.Stores;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Inventory written again: a store's counts due for their scheduled retry, counts PENDING with no write in flight
 * (a message lost), counts a mapping or an exclusion made due, and an operator's retry. Each store gets one write,
 * which takes all of its PENDING counts.
 */
@Component("inventoryRetries")
public class InventoryRetries {

    /** Stores a scheduled run gets a write for, at most; the rest wait for the next run. */
    private static final int STORES_PER_RUN = 500;

    private final InventoryCounts counts;
    private final Stores stores;
    private final ProducerTemplate producer;
    private final ObjectMapper json;
    private final Duration pendingAge;

    public InventoryRetries(InventoryCounts counts, Stores stores, ProducerTemplate producer, ObjectMapper json,
                            @Value("${writeback.sweeper.pending-age}") Duration pendingAge) {
        this.counts = counts;
        this.stores = stores;
        this.producer = producer;
        this.json = json;
        this.pendingAge = pendingAge;
    }

    /**
     * Scheduled step: the stores with counts due again (FAILED ones whose retry is due, made PENDING; PENDING ones
     * untouched for {@code writeback.sweeper.pending-age}), each to get a write.
     */
    public List<Store> due() {
        Set<String> due = new LinkedHashSet<>(counts.queueDueRetries(STORES_PER_RUN));
        due.addAll(counts.stalledStores(Instant.now().minus(pendingAge), STORES_PER_RUN));
        return due.stream().map(stores::find).flatMap(Optional::stream).toList();
    }

    /** Split step: the message that makes the store's write (its body says why, for inventory.failed). */
    public void addressTo(Exchange exchange) {
        Message message = exchange.getIn();
        Store store = message.getBody(Store.class);
        address(message, store);
        message.setBody(why(store, "scheduled"));
    }

    /** The store's FAILED counts (of one warehouse, or all when null) written again now; returns how many. */
    public int retry(Store store, String warehouseId, String why) {
        int queued = counts.retryFailed(store.id(), warehouseId);
        if (queued > 0) {
            writeSoon(store, why);
        }
        return queued;
    }

    /**
     * The warehouse's mapping changed (it was at {@code oldLocation}, null for none): the counts whose location or
     * sum that changes are written now; returns how many.
     */
    public int mappingChanged(Store store, String warehouseId, String oldLocation) {
        int queued = counts.mappingChanged(store.id(), warehouseId, oldLocation);
        if (queued > 0) {
            writeSoon(store, "mapping of " + warehouseId);
        }
        return queued;
    }

    /**
     * The warehouse was left out of the store's inventory writeback, or taken in again: the counts that changes are
     * written now; returns how many.
     */
    public int exclusionChanged(Store store, String warehouseId, boolean excluded) {
        int queued = counts.exclusionChanged(store.id(), warehouseId, excluded);
        if (queued > 0) {
            writeSoon(store, (excluded ? "warehouse left out: " : "warehouse taken in: ") + warehouseId);
        }
        return queued;
    }

    private void writeSoon(Store store, String why) {
        producer.send("activemq:queue:inventory." + store.channel().code(), exchange -> {
            address(exchange.getIn(), store);
            exchange.getIn().setBody(why(store, why));
        });
    }

    private String why(Store store, String why) {
        try {
            return json.writeValueAsString(Map.of("storeId", store.id(), "retry", why));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void address(Message message, Store store) {
        message.setHeader("storeId", store.id());
        message.setHeader("channel", store.channel().code());
        message.setHeader("JMSXGroupID", "inventory/" + store.id());
    }
}
