-- Each shipment's package number within its order (Amazon's packageReferenceId: 1, 2, … by arrival), given once when
-- the shipment is first received, under its order's row lock: the same on every instance and every retry, whatever
-- each instance's clock says. Shipments received before keep the number they were written with (by arrival).
ALTER TABLE shipment ADD COLUMN package_number INTEGER;
UPDATE shipment SET package_number = (SELECT COUNT(*) FROM shipment earlier
    WHERE earlier.order_number = shipment.order_number
    AND (earlier.created_at < shipment.created_at
        OR earlier.created_at = shipment.created_at AND earlier.shipment_id <= shipment.shipment_id));
