package io.writeback.pacing;

import io.writeback.cart.CartAdapter;
import io.writeback.failure.FailureCategory;
import io.writeback.failure.WritebackFailure;
import io.writeback.shipment.Shipment;
import io.writeback.shipment.ShipmentLedger;
import io.writeback.shipment.WritebackExchange;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Decides when a write must wait, and makes it wait in the broker instead of in a consumer thread: the message goes
 * back to its channel queue with a scheduled delivery time, in the JMS transaction that consumed it
 * ({@code direct:writeback-defer}). A consumer never sleeps on one store while other stores' events wait.
 * <ul>
 * <li>No rate budget yet: the event's cost is reserved and the message comes back when the budget has paid for it.
 * <li>The cart answered 429 or THROTTLED: the store's budget pauses as long as the cart asked; the call is not
 *     counted as an attempt and does not use a redelivery, up to {@code writeback.rate-limit.max-throttled-waits}.
 * <li>Any other transient failure: the contract's redeliveries, {@code writeback.redelivery.*}, waiting the longer
 *     of the configured delay and what the cart asked for.
 * </ul>
 */
@Component("writebackDeferral")
public class Deferral {

    /** Artemis' scheduled delivery time, epoch milliseconds. */
    public static final String DELIVER_AT =
            org.apache.activemq.artemis.api.core.Message.HDR_SCHEDULED_DELIVERY_TIME.toString();
    static final String REDELIVERIES = "WritebackRedeliveries";
    static final String THROTTLED_WAITS = "WritebackThrottledWaits";
    /** On a deferred message: its cost was taken from the budget when it was deferred. */
    static final String BUDGET_RESERVED = "WritebackBudgetReserved";

    private final RateBudget budget;
    private final ShipmentLedger ledger;
    private final Map<String, CartAdapter> adapters;
    private final RedeliveryPolicy redeliveryDelays;
    private final int maximumRedeliveries;
    private final int maxThrottledWaits;

    public Deferral(RateBudget budget, ShipmentLedger ledger, Map<String, CartAdapter> adapters,
                    @Value("${writeback.redelivery.delay-pattern}") String delayPattern,
                    @Value("${writeback.redelivery.maximum-redeliveries}") int maximumRedeliveries,
                    @Value("${writeback.rate-limit.max-throttled-waits}") int maxThrottledWaits) {
        this.budget = budget;
        this.ledger = ledger;
        this.adapters = adapters;
        this.redeliveryDelays = new RedeliveryPolicy().delayPattern(delayPattern);
        this.maximumRedeliveries = maximumRedeliveries;
        this.maxThrottledWaits = maxThrottledWaits;
    }

    /** Route step before the cart call: takes the write's cost from the store's budget, or defers the message. */
    public void takeBudget(Exchange exchange) {
        Message message = exchange.getIn();
        message.removeHeader(DELIVER_AT);
        exchange.setProperty(WritebackExchange.DEFERRED, false);
        if (message.getHeader(BUDGET_RESERVED) != null) {
            message.removeHeader(BUDGET_RESERVED);
            return;
        }
        Shipment shipment = exchange.getProperty(WritebackExchange.SHIPMENT, Shipment.class);
        Duration wait = budget.reserve(shipment.store(), adapters.get(shipment.store().channel().code()).writeCost());
        if (!wait.isZero()) {
            message.setHeader(BUDGET_RESERVED, true);
            deferBy(exchange, wait);
        }
    }

    /**
     * Error-handler step for a transient failure (the exchange holds the original message): defers it, or leaves
     * {@link WritebackExchange#DEFERRED} false when its redeliveries are used up.
     */
    public void afterTransientFailure(Exchange exchange) {
        WritebackFailure failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, WritebackFailure.class);
        Shipment shipment = exchange.getProperty(WritebackExchange.SHIPMENT, Shipment.class);
        Message message = exchange.getIn();
        message.removeHeader(BUDGET_RESERVED);
        exchange.setProperty(WritebackExchange.DEFERRED, false);
        if (shipment == null) {
            return;
        }
        if (failure.getCategory() == FailureCategory.RATE_LIMITED) {
            int waits = message.getHeader(THROTTLED_WAITS, 0, Integer.class) + 1;
            if (waits <= maxThrottledWaits) {
                Duration wait = failure.getRetryAfter() != null ? failure.getRetryAfter()
                        : Duration.ofSeconds(Math.min(waits, 30)); // the cart did not say: back off, growing
                budget.pause(shipment.store(), wait);
                ledger.throttled(shipment.event(), failure, wait);
                message.setHeader(THROTTLED_WAITS, waits);
                deferBy(exchange, wait);
                return;
            }
        }
        int redelivery = message.getHeader(REDELIVERIES, 0, Integer.class) + 1;
        Duration wait = Duration.ofMillis(redeliveryDelays.calculateRedeliveryDelay(0, redelivery));
        if (failure.getRetryAfter() != null && failure.getRetryAfter().compareTo(wait) > 0) {
            wait = failure.getRetryAfter();
        }
        ledger.attemptFailed(shipment.event(), failure, wait);
        if (redelivery > maximumRedeliveries) {
            return;
        }
        message.setHeader(REDELIVERIES, redelivery);
        deferBy(exchange, wait);
    }

    /** For a message that leaves the writeback (to shipments.failed): no scheduling, no counters. */
    public static void clearHeaders(Message message) {
        for (String header : new String[] {DELIVER_AT, REDELIVERIES, THROTTLED_WAITS, BUDGET_RESERVED}) {
            message.removeHeader(header);
        }
    }

    private static void deferBy(Exchange exchange, Duration wait) {
        exchange.getIn().setHeader(DELIVER_AT, System.currentTimeMillis() + wait.toMillis());
        exchange.setProperty(WritebackExchange.DEFERRED, true);
    }
}
