-- The stores' rate budgets, when several instances share them (writeback.rate-limit.shared): one token bucket per
-- row, locked by each operation on it. Times are nanoseconds since the epoch on the database's clock.
CREATE TABLE rate_bucket (
    bucket_key     VARCHAR(128)     NOT NULL PRIMARY KEY,
    capacity       DOUBLE PRECISION NOT NULL,
    per_second     DOUBLE PRECISION NOT NULL,
    max_capacity   DOUBLE PRECISION NOT NULL,
    max_per_second DOUBLE PRECISION NOT NULL,
    level          DOUBLE PRECISION NOT NULL,
    updated_at     BIGINT           NOT NULL,
    paused_until   BIGINT           NOT NULL
);
