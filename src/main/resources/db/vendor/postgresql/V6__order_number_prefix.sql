-- The order-number search ("starts with", LIKE 'B-0420%') on PostgreSQL: the primary key's index serves LIKE only
-- under the C collation, this one under any. H2's primary key serves it as it is, so H2 has no V6.
CREATE INDEX writeback_order_number_prefix ON writeback_order (order_number varchar_pattern_ops);
