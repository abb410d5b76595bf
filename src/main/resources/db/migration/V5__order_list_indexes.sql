-- The order list (console and API) with 100,000 orders and more: newest first, by tag, by failure category.
-- docs/performance.md has what each read costs with and without them.
CREATE INDEX writeback_order_updated ON writeback_order (updated_at, order_number);
CREATE INDEX order_tag_tag ON order_tag (tag, order_number);
CREATE INDEX shipment_failure ON shipment (status, last_failure_category, order_number);
