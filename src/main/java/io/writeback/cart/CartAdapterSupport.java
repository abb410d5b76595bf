package io.writeback.cart;

import io.writeback.ledger.ShipmentLedger;
import io.writeback.ledger.ShipmentQueries;
import org.springframework.stereotype.Component;

/** What every {@link CartAdapter} is built with: HTTP to the carts, and the ledger to record and read attempts. */
@Component
public class CartAdapterSupport {

    final CartHttp http;
    final ShipmentLedger ledger;
    final ShipmentQueries queries;

    public CartAdapterSupport(CartHttp http, ShipmentLedger ledger, ShipmentQueries queries) {
        this.http = http;
        this.ledger = ledger;
        this.queries = queries;
    }
}
