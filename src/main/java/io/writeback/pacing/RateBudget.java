package io.writeback.pacing;

import io.writeback.channel.Channel;
import io.writeback.store.Store;
import io.writeback.store.StoreConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * A token bucket per store: sized from the store's {@code rate-limit} or its cart's published limit,
 * corrected from what the cart says in every answer (a configured limit is a ceiling the cart's figures do not
 * raise), and paused when the cart asks us to wait. Units are requests,
 * except for Shopify, whose GraphQL limit is in query cost points. The buckets live in this instance's memory, or in
 * the database where several instances share the stores' limits ({@link Buckets}).
 */
@Component("rateBudget")
public class RateBudget {

    /** Published limits (carts.md §1.8, §2.4, §3.4); carts without one get only the pauses the cart asks for. */
    private static final Map<Channel, StoreConfig.RateLimit> PUBLISHED = Map.of(
            // Admin GraphQL, Standard plan: 1,000 points, restored at 100 points/s
            Channel.SHOPIFY, new StoreConfig.RateLimit(1000.0, 100.0),
            // confirmShipment usage plan: burst 10, 2 requests/s per seller
            Channel.AMAZON, new StoreConfig.RateLimit(10.0, 2.0),
            // 150 requests per 30 s window per store, shared by every app the merchant installed
            Channel.BIGCOMMERCE, new StoreConfig.RateLimit(150.0, 5.0));
    /** The plan of Amazon's Listings Items API (patchListingsItem: 5 requests/s, burst 5), inventory's. */
    public static final String AMAZON_LISTINGS = "amazon-listings";
    private static final Map<String, StoreConfig.RateLimit> PUBLISHED_PLANS = Map.of(
            AMAZON_LISTINGS, new StoreConfig.RateLimit(5.0, 5.0));
    /** Jitter between our call and the cart counting it that the calls' pacing absorbs. */
    private static final Duration SPARE = Duration.ofMillis(150);
    private static final StoreConfig.RateLimit UNLIMITED = new StoreConfig.RateLimit(
            Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);

    private final Duration maxWait;
    private final Buckets buckets;

    RateBudget(@Value("${writeback.rate-limit.max-wait}") Duration maxWait, Buckets buckets) {
        this.maxWait = maxWait;
        this.buckets = buckets;
    }

    /** Takes {@code cost} from the store's budget; returns how long the call must wait for it (zero: go now). */
    public Duration reserve(Store store, double cost) {
        return budget(store, (bucket, now) -> bucket.reserve(cost, now));
    }

    /**
     * Takes {@code cost} from the store's budget only when it is there now, with nothing reserved ahead of it: a write
     * that can wait (inventory) lets every write already waiting (tracking) go first. Zero when taken; otherwise
     * nothing is taken and the answer is how long until the budget would have it.
     */
    public Duration reserveIfFree(Store store, double cost) {
        return budget(store, (bucket, now) -> bucket.reserveIfAvailable(cost, now));
    }

    /**
     * Just before a call to the store: how long to hold it so that the calls the cart actually receives keep to its
     * limit. The slots reserved at the intake keep to it, the calls made at them only nearly: a write that starts a
     * few milliseconds late and the next one on time reach the cart closer together than its bucket refills, and the
     * cart answers 429. Zero for a cart whose limit counts query cost rather than calls (Shopify: its answers
     * correct the budget instead).
     */
    public Duration beforeCall(Store store) {
        if (!pacesCalls(store)) {
            return Duration.ZERO;
        }
        return calls(store, (bucket, now) -> bucket.reserve(1, now));
    }

    /** Whether {@link #beforeCall} paces the store's calls: its cart's limit counts calls. */
    public boolean pacesCalls(Store store) {
        return store.channel() != Channel.SHOPIFY;
    }

    /**
     * What the cart's bucket refills in {@link #SPARE} is left unused: a call the network or the cart's front end
     * delays that long and the next one on time still fit the cart's bucket. The steady rate stays the cart's.
     */
    private static Double withSpare(Double capacity, Double perSecond) {
        if (capacity == null || Double.isInfinite(capacity) || perSecond == null || Double.isInfinite(perSecond)) {
            return capacity;
        }
        return Math.max(1, capacity - perSecond * SPARE.toMillis() / 1000.0);
    }

    /** What the cart reported about its limit in an answer. */
    public void observe(Store store, RateStatus status) {
        if (!status.saysNothing()) {
            budget(store, (bucket, now) -> {
                bucket.correct(status, now);
                return null;
            });
            if (pacesCalls(store)) {
                RateStatus callLimit = new RateStatus(withSpare(status.capacity(), status.perSecond()), null,
                        status.perSecond());
                calls(store, (bucket, now) -> {
                    bucket.correct(callLimit, now);
                    return null;
                });
            }
        }
    }

    /**
     * The cart answered 429 or THROTTLED: no call to this store before {@code wait} has passed, or
     * {@code writeback.rate-limit.max-wait} when the cart asked for longer (a day's Retry-After does not stop a store
     * for a day).
     */
    public void pause(Store store, Duration wait) {
        Duration held = wait.compareTo(maxWait) > 0 ? maxWait : wait;
        budget(store, (bucket, now) -> {
            bucket.pause(held, now);
            return null;
        });
    }

    /** How long the cart has asked us to wait before the next call to this store (zero: no wait). */
    public Duration pausedFor(Store store) {
        return budget(store, TokenBucket::pausedFor);
    }

    /** The store's budget now; null figures for a store without a limit. */
    public RateStatus status(Store store) {
        RateStatus status = budget(store, TokenBucket::status);
        return new RateStatus(finite(status.capacity()), finite(status.available()), finite(status.perSecond()));
    }

    /** Forgets what the carts said: every store starts again from its configured or published limit. */
    public void forgetAll() {
        buckets.forgetAll();
    }

    /** Forgets what the store's cart said: it starts again from its configured or published limit. */
    public void forget(Store store) {
        List<String> keys = new ArrayList<>();
        for (Store onPlan : List.of(store, store.onPlan(AMAZON_LISTINGS))) {
            keys.add("budget:" + onPlan.budgetKey());
            keys.add("calls:" + onPlan.budgetKey());
        }
        buckets.forget(keys);
    }

    /** The store's budget, reserved at the intake and corrected by the cart's answers and pauses. */
    private <T> T budget(Store store, Buckets.Operation<T> operation) {
        return buckets.apply("budget:" + store.budgetKey(), now -> {
            StoreConfig.RateLimit limit = limitOf(store);
            // a configured limit is the store's share of the cart's: the cart's figures may lower it, not raise it
            return new TokenBucket(limit.capacity(), limit.perSecond(), store.config().rateLimit() != null, now);
        }, operation);
    }

    /** For a store whose limit counts calls: the calls actually made, against the same limit. */
    private <T> T calls(Store store, Buckets.Operation<T> operation) {
        return buckets.apply("calls:" + store.budgetKey(), now -> {
            StoreConfig.RateLimit limit = limitOf(store);
            return new TokenBucket(withSpare(limit.capacity(), limit.perSecond()), limit.perSecond(), true, now);
        }, operation);
    }

    private static StoreConfig.RateLimit limitOf(Store store) {
        if (store.plan() != null) {
            // another plan of the cart's: its published limit (a store's configured share is of the tracking plan)
            return PUBLISHED_PLANS.getOrDefault(store.plan(), UNLIMITED);
        }
        StoreConfig.RateLimit configured = store.config().rateLimit();
        StoreConfig.RateLimit published = PUBLISHED.getOrDefault(store.channel(), UNLIMITED);
        if (configured == null) {
            return published;
        }
        double perSecond = configured.perSecond() != null ? configured.perSecond() : published.perSecond();
        double capacity = configured.capacity() != null ? configured.capacity()
                : Double.isInfinite(published.capacity()) ? perSecond : published.capacity();
        return new StoreConfig.RateLimit(capacity, perSecond);
    }

    private static Double finite(Double value) {
        return value == null || Double.isInfinite(value) ? null : Math.round(value * 100) / 100.0;
    }
}
