package io.writeback.pacing;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.function.LongFunction;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The buckets in the database, one row each, shared by every instance: each operation locks its row, applies itself
 * on the database's clock (every instance reads the same time, whatever its own clock says) and writes the row back,
 * in a transaction of its own. A slot one instance reserved, an answer one instance read and a pause one cart asked
 * of one instance hold for all of them; a bucket survives any instance.
 */
@Component
@ConditionalOnProperty(name = "writeback.rate-limit.shared", havingValue = "true")
class SharedBuckets implements Buckets {

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;

    SharedBuckets(JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        // never part of a caller's transaction: the row's lock is held for this operation only
        this.transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @Override
    public <T> T apply(String key, LongFunction<TokenBucket> created, Operation<T> operation) {
        try {
            return transaction.execute(status -> applyLocked(key, created, operation));
        } catch (DuplicateKeyException createdByAnotherInstance) {
            return transaction.execute(status -> applyLocked(key, created, operation));
        }
    }

    private <T> T applyLocked(String key, LongFunction<TokenBucket> created, Operation<T> operation) {
        Optional<Locked> locked = jdbc.sql("SELECT capacity, per_second, max_capacity, max_per_second, level,"
                        + " updated_at, paused_until, CURRENT_TIMESTAMP FROM rate_bucket WHERE bucket_key = ?"
                        + " FOR UPDATE")
                .param(key)
                .query((rs, row) -> new Locked(new TokenBucket(new TokenBucket.State(rs.getDouble(1),
                        rs.getDouble(2), rs.getDouble(3), rs.getDouble(4), rs.getDouble(5), rs.getLong(6),
                        rs.getLong(7))), nanos(rs.getObject(8, OffsetDateTime.class))))
                .optional();
        if (locked.isPresent()) {
            T result = operation.apply(locked.get().bucket(), locked.get().now());
            write("UPDATE rate_bucket SET capacity = ?, per_second = ?, max_capacity = ?, max_per_second = ?,"
                    + " level = ?, updated_at = ?, paused_until = ? WHERE bucket_key = ?", locked.get().bucket(), key);
            return result;
        }
        long now = nanos(jdbc.sql("SELECT CURRENT_TIMESTAMP").query(OffsetDateTime.class).single());
        TokenBucket bucket = created.apply(now);
        T result = operation.apply(bucket, now);
        write("INSERT INTO rate_bucket (capacity, per_second, max_capacity, max_per_second, level, updated_at,"
                + " paused_until, bucket_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", bucket, key);
        return result;
    }

    private void write(String sql, TokenBucket bucket, String key) {
        TokenBucket.State state = bucket.state();
        jdbc.sql(sql).params(state.capacity(), state.perSecond(), state.maxCapacity(), state.maxPerSecond(),
                state.level(), state.updatedAt(), state.pausedUntil(), key).update();
    }

    @Override
    public void forget(Iterable<String> keys) {
        keys.forEach(key -> jdbc.sql("DELETE FROM rate_bucket WHERE bucket_key = ?").param(key).update());
    }

    @Override
    public void forgetAll() {
        jdbc.sql("DELETE FROM rate_bucket").update();
    }

    private static long nanos(OffsetDateTime time) {
        Instant instant = time.toInstant();
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    private record Locked(TokenBucket bucket, long now) {
    }
}
