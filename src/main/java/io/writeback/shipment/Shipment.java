package io.writeback.shipment;

import io.writeback.carrier.Tracking;
import io.writeback.store.Store;

/** A validated shipment: the event, the store it is for and its checked tracking. */
public record Shipment(ShipmentEvent event, Store store, Tracking tracking) {

    /** The same shipment as an operator-confirmed resend. */
    public Shipment asResend() {
        return new Shipment(event.asResend(), store, tracking);
    }

    /** Whether the cart should tell the customer: the event says so, else the store's {@code notify-customer}. */
    public boolean notifyCustomer() {
        return event.notifyCustomer() != null ? event.notifyCustomer() : store.config().notifyCustomer();
    }
}
