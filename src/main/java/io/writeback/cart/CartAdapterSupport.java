package io.writeback.cart;

import io.writeback.shipment.ShipmentLedger;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** What every {@link CartAdapter} is built with: HTTP to the carts, the ledger, and the route's redelivery delays. */
@Component
public class CartAdapterSupport {

    final CartHttp http;
    final ShipmentLedger ledger;
    final RedeliveryPolicy redeliveryDelays;

    public CartAdapterSupport(CartHttp http, ShipmentLedger ledger,
                              @Value("${writeback.redelivery.delay-pattern}") String redeliveryDelayPattern) {
        this.http = http;
        this.ledger = ledger;
        this.redeliveryDelays = new RedeliveryPolicy().delayPattern(redeliveryDelayPattern);
    }
}
