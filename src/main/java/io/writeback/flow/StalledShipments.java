package io.writeback.flow;

import io.writeback.channel.Channel;
import io.writeback.failure.FailureCategory;
import io.writeback.failure.WritebackFailure;
import io.writeback.ledger.ShipmentLedger;
import io.writeback.ledger.ShipmentQueries;
import io.writeback.metrics.WritebackMetrics;
import io.writeback.shipment.ShipmentEventParser;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Route step of {@code writeback-pending-sweeper}: a shipment still PENDING {@code writeback.sweeper.pending-age}
 * after its message was due at its channel route has nothing in flight that will decide it (its message was
 * dead-lettered, or lost to a bug). It becomes FAILED with category STALLED: tagged, in the timeline, and retried
 * on schedule. A channel whose route is suspended here is skipped: its shipments wait on purpose.
 */
@Component("stalledShipments")
public class StalledShipments {

    private static final Logger log = LoggerFactory.getLogger(StalledShipments.class);
    private static final int BATCH = 500;

    private final ShipmentLedger ledger;
    private final ShipmentQueries queries;
    private final WritebackMetrics metrics;
    private final CamelContext camel;
    private final Duration pendingAge;

    public StalledShipments(ShipmentLedger ledger, ShipmentQueries queries, WritebackMetrics metrics,
                            CamelContext camel,
                            @Value("${writeback.sweeper.pending-age}") Duration pendingAge) {
        this.ledger = ledger;
        this.queries = queries;
        this.metrics = metrics;
        this.camel = camel;
        this.pendingAge = pendingAge;
    }

    /** Marks the stalled shipments FAILED; returns how many. */
    public int sweep() {
        List<String> consuming = Arrays.stream(Channel.values()).map(Channel::code)
                .filter(channel -> camel.getRouteController().getRouteStatus("writeback-" + channel)
                        == ServiceStatus.Started).toList();
        OffsetDateTime dueBefore = OffsetDateTime.now(ZoneOffset.UTC).minus(pendingAge);
        List<ShipmentEventParser.Identity> stalled = queries.stalled(dueBefore, consuming, BATCH);
        for (ShipmentEventParser.Identity shipment : stalled) {
            WritebackFailure failure = new WritebackFailure(FailureCategory.STALLED, "Still pending more than "
                    + pendingAge.toMinutes() + " min after it was due, with no writeback in progress (its message"
                    + " was dead-lettered or lost); it is retried automatically, or retry it now");
            log.warn("Order {} shipment {}: {}", shipment.orderNumber(), shipment.shipmentId(), failure);
            if (ledger.failed(shipment, failure, null, null, null)) {
                metrics.failed(shipment.channel(), shipment.storeId(), failure.getCategory());
            }
        }
        return stalled.size();
    }
}
