package io.writeback.cart;

import io.writeback.shipment.ShipmentLedger;
import org.springframework.stereotype.Component;

/** What every {@link CartAdapter} is built with: HTTP to the carts and the ledger. */
@Component
public class CartAdapterSupport {

    final CartHttp http;
    final ShipmentLedger ledger;

    public CartAdapterSupport(CartHttp http, ShipmentLedger ledger) {
        this.http = http;
        this.ledger = ledger;
    }
}
