package io.writeback.cart;

import io.writeback.failure.FailureCategory;
import io.writeback.failure.WritebackFailure;
import io.writeback.shipment.Shipment;
import io.writeback.shipment.ShipmentLedger;
import io.writeback.shipment.WritebackExchange;
import org.apache.camel.Exchange;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;

/**
 * What every cart adapter shares: each call to the cart counts as an attempt, and a transient failure sets the wait
 * before the route's next redelivery to the longer of the configured delay and what the cart asked for.
 * Subclasses build the cart's requests and interpret its answers in {@link #send}.
 */
public abstract class CartAdapter {

    private final ShipmentLedger ledger;
    private final RedeliveryPolicy redeliveryDelays;

    protected CartAdapter(ShipmentLedger ledger, String redeliveryDelayPattern) {
        this.ledger = ledger;
        this.redeliveryDelays = new RedeliveryPolicy().delayPattern(redeliveryDelayPattern);
    }

    /** Route step: writes the exchange's shipment to the cart and leaves the {@link CartReceipt} on the exchange. */
    public final void write(Exchange exchange) {
        Shipment shipment = exchange.getProperty(WritebackExchange.SHIPMENT, Shipment.class);
        ledger.countAttempt(shipment.event().shipmentId());
        exchange.getIn().removeHeader(Exchange.REDELIVERY_DELAY);
        try {
            exchange.setProperty(WritebackExchange.RECEIPT,
                    send(shipment, exchange.getProperty(WritebackExchange.LOCATION, String.class)));
        } catch (WritebackFailure failure) {
            if (failure.isTransient() && failure.getRetryAfter() != null) {
                int nextRedelivery = exchange.getIn().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class) + 1;
                long configured = redeliveryDelays.calculateRedeliveryDelay(0, nextRedelivery);
                exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY,
                        Math.max(configured, failure.getRetryAfter().toMillis()));
            }
            throw failure;
        }
    }

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
     *
     * @param locationId the cart location mapped to the shipment's warehouse, or null when none is mapped
     */
    protected abstract CartReceipt send(Shipment shipment, String locationId);
}
