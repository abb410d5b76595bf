package io.writeback.flow;

import io.writeback.failure.FailureCategory;
import io.writeback.failure.WritebackFailure;
import io.writeback.shipment.Shipment;
import io.writeback.shipment.WritebackExchange;
import io.writeback.store.LocationMappings;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Translates the ship-from warehouse to the store's location. Shopify needs a mapping (no mapping, no cart call);
 * for other carts a mapping is used where one exists.
 */
@Component("locationMapping")
public class LocationMappingProcessor implements Processor {

    private final LocationMappings mappings;

    public LocationMappingProcessor(LocationMappings mappings) {
        this.mappings = mappings;
    }

    @Override
    public void process(Exchange exchange) {
        Shipment shipment = exchange.getProperty(WritebackExchange.SHIPMENT, Shipment.class);
        String storeId = shipment.store().id();
        String warehouseId = shipment.event().warehouseId();
        String location = mappings.find(storeId, warehouseId).orElse(null);
        if (location == null && shipment.store().channel().requiresLocation()) {
            throw new WritebackFailure(FailureCategory.LOCATION_NOT_MAPPED, "Warehouse " + warehouseId
                    + " is not mapped to a Shopify location for store " + storeId + ": add the mapping (PUT /api/stores/"
                    + storeId + "/location-mappings/" + warehouseId + "), then retry");
        }
        exchange.setProperty(WritebackExchange.LOCATION, location);
    }
}
