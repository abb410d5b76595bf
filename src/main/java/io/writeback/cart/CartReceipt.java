package io.writeback.cart;

/** A successful writeback: the cart's reference for it (fulfillment/shipment id) and a note for the timeline. */
public record CartReceipt(String reference, String note) {
}
