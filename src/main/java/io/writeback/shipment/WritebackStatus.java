package io.writeback.shipment;

/** A shipment's writeback status: PENDING ("Fulfillment Pending"), SYNCED ("Prepared") or FAILED. */
public enum WritebackStatus {
    PENDING,
    SYNCED,
    FAILED
}
