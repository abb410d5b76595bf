package io.writeback.flow;

import io.writeback.event.InboundBody;
import io.writeback.failure.FailureCategory;
import io.writeback.failure.WritebackFailure;
import io.writeback.inventory.InventoryCounts;
import io.writeback.inventory.InventoryEvent;
import io.writeback.inventory.InventoryEventParser;
import io.writeback.inventory.InventoryExchange;
import io.writeback.store.LocationMappings;
import io.writeback.store.Store;
import io.writeback.store.Stores;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The steps of {@code inventory-intake}: takes the event from the message (see {@link InboundBody}), drops every
 * header a producer may not set, validates it and keeps its counts for each store it is for (a newer count replaces
 * an older one; one arriving late changes nothing). Each store whose counts are written gets a message of its own on
 * its channel's queue; the body stays the event as it came.
 */
@Component
public class InventoryIntake {

    private static final Logger log = LoggerFactory.getLogger(InventoryIntake.class);

    private final InventoryEventParser parser;
    private final InventoryCounts counts;
    private final Stores stores;
    private final LocationMappings mappings;
    private final int maxMessageBytes;

    public InventoryIntake(InventoryEventParser parser, InventoryCounts counts, Stores stores,
                           LocationMappings mappings,
                           @Value("${writeback.inventory.max-message-bytes}") int maxMessageBytes) {
        this.parser = parser;
        this.counts = counts;
        this.stores = stores;
        this.mappings = mappings;
        this.maxMessageBytes = maxMessageBytes;
    }

    /** Validates the event and records its counts; the stores to write go on the exchange. */
    public void accept(Exchange exchange) {
        Message message = exchange.getIn();
        String body = InboundBody.text(message.getBody(), maxMessageBytes, "writeback.inventory.max-message-bytes");
        message.setBody(body);
        ShipmentIntake.dropInternalHeaders(message);
        InventoryEvent event = parser.parse(body);
        List<Store> targets = event.allStores() ? stores.all() : List.of(stores.find(event.storeId()).orElseThrow(
                () -> new WritebackFailure(FailureCategory.UNKNOWN_STORE, "Store '" + event.storeId()
                        + "' is not configured: add it under writeback.stores, or send \"allStores\": true")));
        List<Store> toWrite = new ArrayList<>();
        for (Store store : targets) {
            boolean excluded = mappings.excludedFromInventory(store.id()).contains(event.warehouseId());
            int changed = counts.record(store.id(), event, excluded);
            if (changed < event.counts().size()) {
                log.info("Inventory of warehouse {} for store {}: {} of {} counts are not newer than {} and change"
                                + " nothing", event.warehouseId(), store.id(), event.counts().size() - changed,
                        event.counts().size(), event.countedAt());
            }
            if (excluded) {
                log.info("Inventory of warehouse {} is left out of store {}'s writeback: {} counts kept, not written",
                        event.warehouseId(), store.id(), changed);
            } else {
                // even with nothing changed: an earlier delivery of this event may have recorded the counts and
                // then lost its message (the write finds nothing PENDING if it did not)
                toWrite.add(store);
            }
        }
        exchange.setProperty(InventoryExchange.EVENT, body);
        exchange.setProperty(InventoryExchange.STORES, toWrite);
    }

    /**
     * Split step: the copy of the message for one store (the split's body) becomes that store's write, the event as
     * it came for its body.
     */
    public void addressTo(Exchange exchange) {
        Message message = exchange.getIn();
        Store store = message.getBody(Store.class);
        message.setHeader("storeId", store.id());
        message.setHeader("channel", store.channel().code());
        message.setBody(exchange.getProperty(InventoryExchange.EVENT, String.class));
    }
}
