package io.writeback.cart;

import io.writeback.channel.Channel;
import io.writeback.failure.FailureCategory;
import io.writeback.failure.WritebackFailure;
import io.writeback.inventory.InventoryExchange;
import io.writeback.inventory.InventoryLevel;
import io.writeback.inventory.InventoryWrite;
import io.writeback.ledger.ShipmentLedger;
import io.writeback.ledger.ShipmentQueries;
import io.writeback.ledger.ShipmentState;
import io.writeback.ledger.SyncedShipment;
import io.writeback.shipment.Shipment;
import io.writeback.shipment.WritebackExchange;
import io.writeback.store.Store;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;

/**
 * What every cart adapter shares: each write counts as an attempt, every request goes out with the store's
 * credentials ({@link #call}), and a confirmed resend of a shipment the cart already has goes to
 * {@link #replaceTracking}. Subclasses build the cart's requests, read its answers (what a refusal means:
 * {@link CartRefusals}) and say what a write costs the store's rate budget.
 */
public abstract class CartAdapter {

    protected final CartHttp http;
    protected final ShipmentLedger ledger;
    protected final ShipmentQueries queries;

    protected CartAdapter(CartAdapterSupport support) {
        this.http = support.http;
        this.ledger = support.ledger;
        this.queries = support.queries;
    }

    /**
     * Route step: writes the exchange's shipment to the cart and leaves the {@link CartReceipt} on the exchange. The
     * attempt is noted before the call; when an earlier attempt's answer never came (the state the route read at its
     * start says so), the adapter learns its tracking number, since the cart may hold that shipment already.
     */
    public final void write(Exchange exchange) {
        Shipment shipment = exchange.getProperty(WritebackExchange.SHIPMENT, Shipment.class);
        String shipmentId = shipment.event().shipmentId();
        String unconfirmed = exchange.getProperty(WritebackExchange.STATE, ShipmentState.class)
                .unconfirmedTrackingNumber();
        ledger.attemptStarting(shipmentId, shipment.tracking().number());
        String locationId = exchange.getProperty(WritebackExchange.LOCATION, String.class);
        Optional<SyncedShipment> replaced = shipment.event().resend()
                ? queries.writtenBack(shipmentId)
                        .filter(previous -> !previous.trackingNumber().equals(shipment.tracking().number()))
                : Optional.empty();
        try {
            exchange.setProperty(WritebackExchange.RECEIPT, replaced.isPresent()
                    ? replaceTracking(shipment, replaced.get(), locationId) : send(shipment, locationId, unconfirmed));
        } catch (WritebackFailure failure) {
            if (!failure.isOutcomeUnknown()) {
                ledger.attemptAnswered(shipmentId);
            }
            throw failure;
        }
    }

    /**
     * Route step of {@code inventory-<channel>}: sets the quantities of the exchange's {@link InventoryWrite} in the
     * cart and leaves the levels the cart refused on the exchange ({@link InventoryExchange#REFUSED}).
     */
    public final void writeInventory(Exchange exchange) {
        InventoryWrite write = exchange.getProperty(InventoryExchange.WRITE, InventoryWrite.class);
        exchange.setProperty(InventoryExchange.REFUSED, write.levels().isEmpty() ? Map.of()
                : sendInventory(write.store(), write.levels()));
    }

    /**
     * Whether the cart keeps a quantity per location. One that does not takes one quantity per SKU: the sum of the
     * warehouses mapped to the store.
     */
    public abstract boolean inventoryPerLocation();

    /** What setting these quantities costs the store's rate budget (requests, or Shopify's cost points). */
    public abstract double inventoryWriteCost(Store store, List<InventoryLevel> levels);

    /**
     * Sets each level's quantity in the cart (overwrites it: the warehouse count is the truth). Returns the levels the
     * cart refused, each with its failure; every other level is written. Throws {@link WritebackFailure} when the
     * whole write failed (the cart down, our credentials refused).
     */
    protected abstract Map<InventoryLevel, WritebackFailure> sendInventory(Store store, List<InventoryLevel> levels);

    /** One request to the store's cart, with the store's credentials the cart's way ({@link #signed}). */
    protected CartResponse call(Store store, CartRequest request) {
        return http.send(store, signed(store, request));
    }

    /** The request with the store's credentials as the cart takes them: a header, or in the query (Volusion). */
    protected abstract CartRequest signed(Store store, CartRequest request);

    /**
     * What one write usually costs the store's rate budget: the calls it makes (Shopify: the GraphQL cost points of
     * its queries). Reserved before the write; the cart's own figures correct the budget afterwards.
     */
    public abstract double writeCost();

    /** A cart id that must be a number (BigCommerce, Magento, WooCommerce and Volusion ids), checked before a call. */
    protected static String numericId(Channel channel, String value, String field) {
        if (value.matches("[0-9]{1,18}")) {
            return value;
        }
        throw new WritebackFailure(FailureCategory.INVALID_MESSAGE, "Field '" + field + "' must be a "
                + channel.displayName() + " id (a number), got \"" + value + "\"");
    }

    /**
     * Writes the shipment to the cart; throws {@link WritebackFailure} when the cart refuses it or cannot be reached.
     * An adapter that reads the cart before every write can ignore {@code unconfirmedTracking}; one that does not
     * must not write blindly when it is set.
     *
     * @param locationId the cart location mapped to the shipment's warehouse, or null when none is mapped
     * @param unconfirmedTracking the tracking number of an earlier attempt of this shipment whose answer never came
     *                            (the cart may have it), or null
     */
    protected abstract CartReceipt send(Shipment shipment, String locationId, String unconfirmedTracking);

    /**
     * A confirmed resend after a label was voided and recreated: give the cart the new tracking in place of what it
     * has ({@code previous}), where the cart allows it; otherwise fail {@code REJECTED} naming the cart's rule.
     */
    protected abstract CartReceipt replaceTracking(Shipment shipment, SyncedShipment previous, String locationId);
}
