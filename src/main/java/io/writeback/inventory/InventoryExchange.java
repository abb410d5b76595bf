package io.writeback.inventory;

/** The exchange properties the inventory routes' steps hand on. */
public final class InventoryExchange {

    /** The intake: the event's text, as it came. */
    public static final String EVENT = "inventoryEvent";
    /** The intake: the stores an event is for ({@code List<Store>}), each getting a write of its own. */
    public static final String STORES = "inventoryStores";
    /** The write under way: an {@link InventoryWrite}. */
    public static final String WRITE = "inventoryWrite";
    /** The levels the cart refused, each with its failure ({@code Map<InventoryLevel, WritebackFailure>}). */
    public static final String REFUSED = "inventoryRefused";
    /** Another write of the store holds its lease: this one waits. */
    public static final String BUSY = "inventoryBusy";
    /** Nothing of the store is PENDING: an earlier write took this event's counts with its own. */
    public static final String NOTHING_PENDING = "inventoryNothingPending";
    /** The write waits in the broker (its turn in the store's budget, a redelivery). */
    public static final String DEFERRED = "inventoryDeferred";
    /**
     * What the counts the write recorded as failed failed of ({@code List<WritebackFailure>}): when any did, a copy
     * of the message goes to inventory.failed with the reasons.
     */
    public static final String FAILURES = "inventoryFailures";
    /** More counts were PENDING than one write takes: another write follows. */
    public static final String MORE_PENDING = "inventoryMorePending";

    private InventoryExchange() {
    }
}
