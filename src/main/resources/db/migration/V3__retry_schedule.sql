-- The warehouse a shipment ships from, so that mapping it can schedule the retry of its LOCATION_NOT_MAPPED failure.
ALTER TABLE shipment ADD COLUMN warehouse_id VARCHAR(64);
CREATE INDEX shipment_store_warehouse ON shipment (store_id, warehouse_id, status);

-- An operator confirmed that this shipment's latest tracking replaces the one in the cart (set by a confirmed resend,
-- kept through retries until the writeback succeeds).
ALTER TABLE shipment ADD COLUMN resend_confirmed BOOLEAN DEFAULT FALSE NOT NULL;
