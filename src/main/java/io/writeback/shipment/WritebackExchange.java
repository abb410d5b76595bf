package io.writeback.shipment;

/** Exchange properties the writeback steps hand to each other (properties survive useOriginalMessage). */
public final class WritebackExchange {

    /** The validated {@link Shipment}. */
    public static final String SHIPMENT = "writebackShipment";
    /** The cart location the shipment ships from, when the store maps the warehouse. */
    public static final String LOCATION = "writebackLocation";
    /** The {@code io.writeback.ledger.ShipmentState} the channel route read before the cart call. */
    public static final String STATE = "writebackShipmentState";
    /** The version of the shipment's event this exchange carries (see {@link WritebackHeaders#VERSION}). */
    public static final String VERSION = "writebackEventVersion";
    /** True when a newer event of the shipment replaced this one: nothing to write, the newer one decides. */
    public static final String SUPERSEDED = "writebackSuperseded";
    /**
     * True when another delivery of the same shipment is being written in this instance (the broker handed the message
     * out again after losing a consumer's session): this one waits until that write has an outcome.
     */
    public static final String BEING_WRITTEN = "writebackBeingWritten";
    /** True when the shipment is already in the cart with this tracking number: nothing to write. */
    public static final String ALREADY_SYNCED = "writebackAlreadySynced";
    /** The cart's {@code io.writeback.cart.CartReceipt} for a successful writeback. */
    public static final String RECEIPT = "writebackReceipt";

    /** The queue the exchange's message was consumed from (where a message goes back to wait). */
    public static final String CONSUMED_QUEUE = "writebackConsumedQueue";

    /** True when the write must wait: the message goes back to its queue for a scheduled delivery. */
    public static final String DEFERRED = "writebackDeferred";

    private WritebackExchange() {
    }
}
