package io.writeback.flow;

import io.writeback.cart.CartReceipt;
import io.writeback.ledger.ShipmentLedger;
import io.writeback.ledger.ShipmentState;
import io.writeback.metrics.WritebackMetrics;
import io.writeback.shipment.Shipment;
import io.writeback.shipment.ShipmentValidator;
import io.writeback.shipment.WritebackExchange;
import io.writeback.shipment.WritebackHeaders;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.SynchronizationAdapter;
import org.springframework.stereotype.Component;

/** The bookends of every {@code writeback-<channel>} route: check before the cart call, record after it. */
@Component
public class ChannelWriteback {

    private final ShipmentValidator validator;
    private final ShipmentLedger ledger;
    private final WritebackMetrics metrics;
    /**
     * Shipments a channel route of this instance is writing now. A broker that loses a consumer's session (a
     * restart, a failover) hands its message to another consumer while the first may still be in the cart call; the
     * message groups cannot prevent that, this can.
     */
    private final Set<String> beingWritten = ConcurrentHashMap.newKeySet();

    public ChannelWriteback(ShipmentValidator validator, ShipmentLedger ledger, WritebackMetrics metrics) {
        this.validator = validator;
        this.ledger = ledger;
        this.metrics = metrics;
    }

    /**
     * Validates again (configuration may have changed); a shipment another delivery is writing now is
     * {@link WritebackExchange#BEING_WRITTEN}. Then compares the message with what the ledger holds: a message whose
     * event a newer one replaced is {@link WritebackExchange#SUPERSEDED}; a shipment already in the cart with this
     * tracking is {@link WritebackExchange#ALREADY_SYNCED}. An operator's confirmation to resend comes from the
     * ledger, never from the message.
     */
    public void begin(Exchange exchange) {
        Message message = exchange.getIn();
        Shipment shipment = validator.validate(message.getBody(String.class));
        exchange.setProperty(WritebackExchange.SHIPMENT, shipment);
        String shipmentId = shipment.event().shipmentId();
        boolean busy = !beingWritten.add(shipmentId);
        exchange.setProperty(WritebackExchange.BEING_WRITTEN, busy);
        if (busy) {
            return;
        }
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                ChannelWriteback.this.beingWritten.remove(shipmentId);
            }
        });
        ShipmentState state = ledger.state(shipmentId);
        exchange.setProperty(WritebackExchange.STATE, state);
        Long version = message.getHeader(WritebackHeaders.VERSION, Long.class);
        long current = version == null ? state.version() : version;
        exchange.setProperty(WritebackExchange.VERSION, current);
        boolean superseded = current < state.version();
        exchange.setProperty(WritebackExchange.SUPERSEDED, superseded);
        if (superseded) {
            return;
        }
        if (state.resendConfirmed()) {
            shipment = shipment.asResend();
            exchange.setProperty(WritebackExchange.SHIPMENT, shipment);
        }
        boolean alreadySynced = state.alreadySynced(shipment.event());
        if (alreadySynced) {
            ledger.alreadyInCart(shipment.event());
        }
        exchange.setProperty(WritebackExchange.ALREADY_SYNCED, alreadySynced);
    }

    public void synced(Exchange exchange) {
        Shipment shipment = exchange.getProperty(WritebackExchange.SHIPMENT, Shipment.class);
        CartReceipt receipt = exchange.getProperty(WritebackExchange.RECEIPT, CartReceipt.class);
        ledger.synced(shipment.event(), exchange.getProperty(WritebackExchange.VERSION, Long.class),
                receipt.reference(), receipt.note());
        metrics.synced(shipment.store());
    }
}
