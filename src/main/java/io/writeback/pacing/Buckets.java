package io.writeback.pacing;

import java.util.function.LongFunction;

/**
 * Where the stores' token buckets live: in this instance's memory ({@link LocalBuckets}), or in the database, shared
 * by every instance ({@link SharedBuckets}, {@code writeback.rate-limit.shared}).
 */
interface Buckets {

    /** What is done to a bucket, at {@code now} on the buckets' clock (nanoseconds). */
    @FunctionalInterface
    interface Operation<T> {
        T apply(TokenBucket bucket, long now);
    }

    /** Applies {@code operation} to the bucket {@code key}, made by {@code created} (given now) the first time. */
    <T> T apply(String key, LongFunction<TokenBucket> created, Operation<T> operation);

    /** Forgets these buckets: they start again from their configured or published limits. */
    void forget(Iterable<String> keys);

    /** Forgets every bucket. */
    void forgetAll();
}
