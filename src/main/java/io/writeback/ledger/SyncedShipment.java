package io.writeback.ledger;

/** What the cart was last given for a shipment: the tracking number and the cart's reference for it. */
public record SyncedShipment(String trackingNumber, String channelReference) {
}
