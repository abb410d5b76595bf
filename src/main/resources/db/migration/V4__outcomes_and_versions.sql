-- Each event received for a shipment gets the next version; a message that carries an older one has been replaced
-- (say, a write deferred by a 429 that comes back after a newer resend) and is not written.
ALTER TABLE shipment ADD COLUMN event_version BIGINT DEFAULT 0 NOT NULL;

-- The tracking number of an attempt whose answer never came (the app died, the cart answered after our timeout).
-- While it is set the cart may or may not have the shipment: the next attempt reads the cart before it writes.
ALTER TABLE shipment ADD COLUMN unconfirmed_tracking_number VARCHAR(128);

-- When the shipment's message is next due at its channel route (received, its rate-budget slot, a deferred try).
-- A PENDING shipment long past it has nothing in flight: the sweeper makes it visible.
ALTER TABLE shipment ADD COLUMN due_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX shipment_due ON shipment (status, due_at);

-- The single-use token of the retry queued last, and who queued it: a message on shipments.inbound is one of the
-- app's own retries only when it carries this token, so no producer can pose as the schedule or an operator.
ALTER TABLE shipment ADD COLUMN retry_token VARCHAR(64);
ALTER TABLE shipment ADD COLUMN retry_requested_by VARCHAR(16);
