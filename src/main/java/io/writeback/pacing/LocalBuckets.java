package io.writeback.pacing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The buckets in this instance's memory: exact for one instance, and free. After a restart a store starts with a full
 * bucket and the cart's first answers correct it.
 */
@Component
@ConditionalOnProperty(name = "writeback.rate-limit.shared", havingValue = "false", matchIfMissing = true)
class LocalBuckets implements Buckets {

    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    @Override
    public <T> T apply(String key, LongFunction<TokenBucket> created, Operation<T> operation) {
        return operation.apply(buckets.computeIfAbsent(key, k -> created.apply(System.nanoTime())), System.nanoTime());
    }

    @Override
    public void forget(Iterable<String> keys) {
        keys.forEach(buckets::remove);
    }

    @Override
    public void forgetAll() {
        buckets.clear();
    }
}
