package io.writeback.shipment;

import io.writeback.failure.FailureCategory;
import io.writeback.failure.WritebackFailure;
import io.writeback.store.Store;
import io.writeback.store.Stores;
import org.springframework.stereotype.Component;

/** Parses a message and checks it against the configured stores and the carrier catalogue. */
@Component
public class ShipmentValidator {

    private final ShipmentEventParser parser;
    private final Stores stores;
    private final TrackingRules trackingRules;

    public ShipmentValidator(ShipmentEventParser parser, Stores stores, TrackingRules trackingRules) {
        this.parser = parser;
        this.stores = stores;
        this.trackingRules = trackingRules;
    }

    public Shipment validate(String body) {
        ShipmentEvent event = parser.parse(body);
        Store store = stores.find(event.storeId()).orElseThrow(() -> new WritebackFailure(
                FailureCategory.UNKNOWN_STORE, "Store '" + event.storeId() + "' is not configured: add it under"
                        + " writeback.stores (channel " + event.channel().code() + ") or correct the event's storeId"));
        if (store.channel() != event.channel()) {
            throw new WritebackFailure(FailureCategory.UNKNOWN_STORE, "Store '" + store.id() + "' is a "
                    + store.channel().displayName() + " store, but the event is for "
                    + event.channel().displayName() + ": correct the event's channel or storeId");
        }
        return new Shipment(event, store, trackingRules.resolve(event));
    }
}
