package io.writeback.flow;

import io.writeback.cart.CartAdapter;
import io.writeback.failure.FailureCategory;
import io.writeback.failure.WritebackFailure;
import io.writeback.ledger.ShipmentLedger;
import io.writeback.metrics.WritebackMetrics;
import io.writeback.pacing.RateBudget;
import io.writeback.shipment.Shipment;
import io.writeback.shipment.WritebackExchange;
import io.writeback.shipment.WritebackHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Decides when a write must wait, and makes it wait in the broker instead of in a consumer thread: the message is
 * sent to its channel queue with a scheduled delivery time, in the JMS transaction that consumed it (by the intake,
 * or by {@code direct:writeback-defer}). A consumer never sleeps on one store while other stores' events wait.
 * <ul>
 * <li>No rate budget yet: the event's cost is reserved when the intake routes it, and it is delivered to its
 *     channel queue when the budget has paid for it (its slot). One that missed its slot reserves again.
 * <li>The cart answered 429 or THROTTLED: the store's budget pauses as long as the cart asked; the call is not
 *     counted as an attempt and does not use a redelivery, up to {@code writeback.rate-limit.max-throttled-waits}.
 * <li>Any other transient failure: the contract's redeliveries, {@code writeback.redelivery.*}, waiting the longer
 *     of the configured delay and what the cart asked for.
 * </ul>
 */
@Component("writebackDeferral")
public class Deferral {

    private static final String REDELIVERIES = "WritebackRedeliveries";
    private static final String THROTTLED_WAITS = "WritebackThrottledWaits";
    /** On a message: when its cost was reserved for (epoch ms), its slot in the store's budget. */
    private static final String BUDGET_SLOT = "WritebackBudgetSlot";
    /**
     * A message consumed this long after its slot has lost it (it sat in a backlog or a suspended queue). Where the
     * calls themselves are paced ({@link RateBudget#pacesCalls}), a late write keeps its slot longer: the pacing
     * keeps late writes that come together within the cart's limit, so a busy moment costs no new slot.
     */
    private static final long SLOT_KEPT_MILLIS = 1_000;
    private static final long SLOT_KEPT_WHEN_CALLS_ARE_PACED_MILLIS = 10_000;
    private static final Duration MAX_BACK_OFF = Duration.ofSeconds(30);
    /** How often a delivery whose shipment is being written looks again. */
    private static final Duration OTHER_DELIVERY_WAIT = Duration.ofSeconds(2);

    private final RateBudget budget;
    private final ShipmentLedger ledger;
    private final Map<String, CartAdapter> adapters;
    private final WritebackMetrics metrics;
    private final RedeliveryPolicy redeliveryDelays;
    private final int maximumRedeliveries;
    private final int maxThrottledWaits;
    private final Duration maxWait;
    private final Duration pendingAge;

    public Deferral(RateBudget budget, ShipmentLedger ledger, Map<String, CartAdapter> adapters,
                    WritebackMetrics metrics,
                    @Value("${writeback.redelivery.delay-pattern}") String delayPattern,
                    @Value("${writeback.redelivery.maximum-redeliveries}") int maximumRedeliveries,
                    @Value("${writeback.rate-limit.max-throttled-waits}") int maxThrottledWaits,
                    @Value("${writeback.rate-limit.max-wait}") Duration maxWait,
                    @Value("${writeback.sweeper.pending-age}") Duration pendingAge) {
        this.budget = budget;
        this.ledger = ledger;
        this.adapters = adapters;
        this.metrics = metrics;
        this.redeliveryDelays = new RedeliveryPolicy().delayPattern(delayPattern);
        this.maximumRedeliveries = maximumRedeliveries;
        this.maxThrottledWaits = maxThrottledWaits;
        this.maxWait = maxWait;
        this.pendingAge = pendingAge;
    }

    /**
     * Intake step: reserves the write's cost as the event is routed to its channel queue. An event that must wait
     * gets its slot as its delivery time, so the wait costs no transaction of its own and no channel consumer sees
     * it before its turn.
     */
    public void reserveAtIntake(Exchange exchange) {
        exchange.getIn().removeHeader(WritebackHeaders.DELIVER_AT);
        if (!Boolean.TRUE.equals(exchange.getProperty(WritebackExchange.ALREADY_SYNCED))) {
            Shipment shipment = exchange.getProperty(WritebackExchange.SHIPMENT, Shipment.class);
            // the intake recorded the shipment due now: a slot well within the sweeper's patience needs no record of
            // its own (one commit less for most deferred events)
            reserve(exchange, shipment, pendingAge.dividedBy(2));
        }
    }

    /**
     * Channel route step before the cart call: a message consumed at its slot goes now; one without a slot, or whose
     * slot passed while it waited in a queue, reserves again and is deferred when it must wait.
     */
    public void takeBudget(Exchange exchange) {
        Message message = exchange.getIn();
        message.removeHeader(WritebackHeaders.DELIVER_AT);
        exchange.setProperty(WritebackExchange.DEFERRED, false);
        Long slot = message.getHeader(BUDGET_SLOT, Long.class);
        message.removeHeader(BUDGET_SLOT);
        Shipment shipment = exchange.getProperty(WritebackExchange.SHIPMENT, Shipment.class);
        long kept = budget.pacesCalls(shipment.store()) ? SLOT_KEPT_WHEN_CALLS_ARE_PACED_MILLIS : SLOT_KEPT_MILLIS;
        if (slot != null && System.currentTimeMillis() - slot <= kept) {
            return;
        }
        // no slot, or a slot that passed unused: reserve again. The missed slot is not given back: the bucket may
        // have filled up since, and a late write must not join a burst the cart's limit would refuse.
        if (reserve(exchange, shipment, Duration.ZERO)) {
            exchange.setProperty(WritebackExchange.DEFERRED, true);
        }
    }

    /**
     * Reserves the write's cost and marks the message with its slot; true when the slot is later than now. A wait
     * longer than {@code recordedBeyond} is recorded as the time the shipment is due.
     */
    private boolean reserve(Exchange exchange, Shipment shipment, Duration recordedBeyond) {
        Duration wait = budget.reserve(shipment.store(), writeCost(shipment));
        long slot = System.currentTimeMillis() + wait.toMillis();
        exchange.getIn().setHeader(BUDGET_SLOT, slot);
        if (wait.isZero()) {
            return false;
        }
        exchange.getIn().setHeader(WritebackHeaders.DELIVER_AT, slot);
        if (wait.compareTo(recordedBeyond) > 0) {
            ledger.dueAt(shipment.event().shipmentId(),
                    OffsetDateTime.ofInstant(Instant.ofEpochMilli(slot), ZoneOffset.UTC));
        }
        return true;
    }

    private double writeCost(Shipment shipment) {
        return adapters.get(shipment.store().channel().code()).writeCost();
    }

    /**
     * Error-handler step for a transient failure (the exchange holds the original message): defers it, or leaves
     * {@link WritebackExchange#DEFERRED} false when its redeliveries are used up.
     */
    public void afterTransientFailure(Exchange exchange) {
        WritebackFailure failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, WritebackFailure.class);
        Shipment shipment = exchange.getProperty(WritebackExchange.SHIPMENT, Shipment.class);
        Message message = exchange.getIn();
        message.removeHeader(BUDGET_SLOT);
        exchange.setProperty(WritebackExchange.DEFERRED, false);
        if (shipment == null) {
            return;
        }
        Duration asked = failure.getRetryAfter();
        boolean askedTooMuch = asked != null && asked.compareTo(maxWait) > 0;
        if (failure.getCategory() == FailureCategory.RATE_LIMITED && !askedTooMuch) {
            int waits = message.getHeader(THROTTLED_WAITS, 0, Integer.class) + 1;
            if (waits <= maxThrottledWaits) {
                Duration wait = asked != null ? asked : backOff(shipment, waits);
                budget.pause(shipment.store(), wait);
                metrics.throttled(shipment.store());
                ledger.throttled(shipment.event(), failure, wait);
                message.setHeader(THROTTLED_WAITS, waits);
                deferBy(exchange, wait);
                return;
            }
        }
        int redelivery = message.getHeader(REDELIVERIES, 0, Integer.class) + 1;
        Duration wait = Duration.ofMillis(redeliveryDelays.calculateRedeliveryDelay(0, redelivery));
        if (asked != null && asked.compareTo(wait) > 0) {
            wait = askedTooMuch ? maxWait : asked;
        }
        // a wait longer than we allow counts as a failed attempt: the shipment's fate is not left to the cart's clock
        ledger.attemptFailed(shipment.event(), failure, wait, askedTooMuch ? "the cart asked us to wait "
                + asked.toSeconds() + " s, longer than writeback.rate-limit.max-wait (" + maxWait.toSeconds()
                + " s)" : null);
        if (redelivery > maximumRedeliveries) {
            return;
        }
        message.setHeader(REDELIVERIES, redelivery);
        deferBy(exchange, wait);
    }

    /**
     * The cart refused a call without saying how long to wait (Amazon's 429 has no Retry-After): the time one more
     * call takes to be paid at the store's rate (half a second at Amazon's 2/s; 1 s when the rate is unknown), times
     * the waits so far, at most 30 s.
     */
    private Duration backOff(Shipment shipment, int waits) {
        Double perSecond = budget.status(shipment.store()).perSecond();
        Duration oneCall = perSecond == null ? Duration.ofSeconds(1)
                : Duration.ofMillis((long) Math.ceil(1000 / perSecond));
        Duration wait = oneCall.multipliedBy(waits);
        return wait.compareTo(MAX_BACK_OFF) > 0 ? MAX_BACK_OFF : wait;
    }

    /**
     * Channel route step for a shipment another delivery is writing now: this one comes back when that write will
     * have an outcome (it is not an attempt, and uses no redelivery).
     */
    public void afterTheOtherDelivery(Exchange exchange) {
        exchange.getIn().removeHeader(BUDGET_SLOT);
        deferBy(exchange, OTHER_DELIVERY_WAIT);
    }

    private static void deferBy(Exchange exchange, Duration wait) {
        exchange.getIn().setHeader(WritebackHeaders.DELIVER_AT, System.currentTimeMillis() + wait.toMillis());
        exchange.setProperty(WritebackExchange.DEFERRED, true);
    }
}
