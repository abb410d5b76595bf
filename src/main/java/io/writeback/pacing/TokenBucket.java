package io.writeback.pacing;

import java.time.Duration;

/**
 * One store's budget: holds up to {@code capacity} units (requests, or Shopify cost points), refilled at
 * {@code perSecond}. A reservation always succeeds and may take the level below zero; the wait it returns is how
 * long until the refill has paid for it, so reservations made while the budget is spent come due one after the
 * other at the refill rate instead of all at once. A store without a limit has an infinite bucket: only the
 * cart's own pauses apply to it. Times are nanoseconds on one clock: {@link System#nanoTime()} for a bucket in
 * memory, the database's for a shared one.
 */
final class TokenBucket {

    /** Everything a bucket is, to keep it where several instances share it ({@link SharedBuckets}). */
    record State(double capacity, double perSecond, double maxCapacity, double maxPerSecond, double level,
                 long updatedAt, long pausedUntil) {
    }

    private final double maxCapacity;
    private final double maxPerSecond;
    private double capacity;
    private double perSecond;
    private double level;
    private long updatedAt;
    private long pausedUntil;

    /**
     * @param capacity  the bucket's size until the cart says otherwise
     * @param perSecond its refill rate until the cart says otherwise
     * @param ceiling   whether these are the most the cart's figures may raise it to (a store's configured share)
     */
    TokenBucket(double capacity, double perSecond, boolean ceiling, long now) {
        this.capacity = capacity;
        this.perSecond = perSecond;
        this.maxCapacity = ceiling ? capacity : Double.POSITIVE_INFINITY;
        this.maxPerSecond = ceiling ? perSecond : Double.POSITIVE_INFINITY;
        this.level = capacity;
        this.updatedAt = now;
        this.pausedUntil = now;
    }

    TokenBucket(State state) {
        this.capacity = state.capacity();
        this.perSecond = state.perSecond();
        this.maxCapacity = state.maxCapacity();
        this.maxPerSecond = state.maxPerSecond();
        this.level = state.level();
        this.updatedAt = state.updatedAt();
        this.pausedUntil = state.pausedUntil();
    }

    synchronized State state() {
        return new State(capacity, perSecond, maxCapacity, maxPerSecond, level, updatedAt, pausedUntil);
    }

    /** Takes {@code cost} and returns how long to wait before spending it (zero: now). */
    synchronized Duration reserve(double cost, long now) {
        refill(now);
        level -= cost;
        long debtNanos = level >= 0 ? 0 : (long) Math.ceil(-level / perSecond * 1e9);
        return Duration.ofNanos(Math.max(debtNanos, pausedUntil - now));
    }

    /**
     * Takes {@code cost} only when the bucket holds it now, nothing reserved ahead and no pause: zero. Otherwise takes
     * nothing and returns how long until it would hold it (a write that yields to every reserved one).
     */
    synchronized Duration reserveIfAvailable(double cost, long now) {
        refill(now);
        double needed = Math.min(cost, capacity);
        if (pausedUntil > now) {
            return Duration.ofNanos(pausedUntil - now);
        }
        if (level >= needed) {
            level -= cost;
            return Duration.ZERO;
        }
        return Duration.ofNanos((long) Math.ceil((needed - level) / perSecond * 1e9));
    }

    /**
     * What the cart says about its own bucket: its size and refill rate replace ours (up to the ceiling), and its
     * level lowers ours (other apps may share the cart's bucket) but never raises it above what we have reserved.
     */
    synchronized void correct(RateStatus status, long now) {
        refill(now);
        if (status.capacity() != null && status.capacity() > 0) {
            capacity = Math.min(status.capacity(), maxCapacity);
        }
        if (status.perSecond() != null && status.perSecond() > 0) {
            perSecond = Math.min(status.perSecond(), maxPerSecond);
        }
        if (status.available() != null) {
            level = Math.min(level, status.available());
        }
        level = Math.min(level, capacity);
    }

    /** The cart asked us to wait (429, Retry-After, THROTTLED): nothing is spent before {@code wait} has passed. */
    synchronized void pause(Duration wait, long now) {
        refill(now);
        pausedUntil = Math.max(pausedUntil, now + wait.toNanos());
        level = Math.min(level, 0);
    }

    synchronized Duration pausedFor(long now) {
        return Duration.ofNanos(Math.max(0, pausedUntil - now));
    }

    synchronized RateStatus status(long now) {
        refill(now);
        return new RateStatus(capacity, level, perSecond);
    }

    private void refill(long now) {
        if (now > updatedAt) {
            level = Double.isInfinite(perSecond) ? capacity
                    : Math.min(capacity, level + (now - updatedAt) / 1e9 * perSecond);
            updatedAt = now;
        }
    }
}
