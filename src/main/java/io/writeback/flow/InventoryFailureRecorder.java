package io.writeback.flow;

import io.writeback.event.InboundBody;
import io.writeback.failure.FailureCategory;
import io.writeback.failure.WritebackFailure;
import io.writeback.inventory.InventoryCounts;
import io.writeback.inventory.InventoryEventParser;
import io.writeback.inventory.InventoryExchange;
import io.writeback.inventory.InventoryWrite;
import io.writeback.metrics.WritebackMetrics;
import io.writeback.shipment.WritebackHeaders;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.commons.lang3.StringUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * What goes to {@code inventory.failed}, and with which headers: an event the intake refused, as it came; a write
 * that failed as a whole (its counts FAILED, tagged, in their timeline); or a copy of the message of a write some of
 * whose counts failed.
 */
@Component("inventoryFailures")
public class InventoryFailureRecorder {

    private static final Logger log = LoggerFactory.getLogger(InventoryFailureRecorder.class);
    private static final int MAX_REASON = 2000;

    private final InventoryEventParser parser;
    private final InventoryCounts counts;
    private final WritebackMetrics metrics;
    private final int maxMessageBytes;
    private final long maxCopyBytes;

    public InventoryFailureRecorder(InventoryEventParser parser, InventoryCounts counts, WritebackMetrics metrics,
                                    @Value("${writeback.inventory.max-message-bytes}") int maxMessageBytes,
                                    @Value("${writeback.broker.max-message-bytes}") long maxCopyBytes) {
        this.parser = parser;
        this.counts = counts;
        this.metrics = metrics;
        this.maxMessageBytes = maxMessageBytes;
        this.maxCopyBytes = maxCopyBytes;
    }

    /**
     * Error-handler step: the event was refused, or the write failed as a whole (the exchange holds the original
     * message). The counts the write was to set are FAILED with the failure; the message gets the contract's failure
     * headers.
     */
    public void writeFailed(Exchange exchange) {
        WritebackFailure failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, WritebackFailure.class);
        InventoryWrite write = exchange.getProperty(InventoryExchange.WRITE, InventoryWrite.class);
        Message message = exchange.getIn();
        Object original = InboundBody.original(message.getBody(), maxCopyBytes);
        message.setBody(original);
        String storeId = message.getHeader("storeId", String.class);
        ShipmentIntake.dropInternalHeaders(message);
        if (write != null) {
            write.levels().forEach(level -> {
                counts.failed(write.store().id(), level.counts(), level.locationId(), failure);
                metrics.inventory(write.store(), "failed", failure.getCategory(), level.counts().size());
            });
            log.warn("Inventory write of store {} failed: {} ({} quantities)", write.store().id(), failure,
                    write.levels().size());
        } else {
            InventoryEventParser.Identity event = original instanceof String text && text.length() <= maxMessageBytes
                    ? parser.identify(text) : new InventoryEventParser.Identity(null, null);
            storeId = storeId != null ? storeId : event.storeId();
            FailureRecorder.setIfKnown(message, "warehouseId", event.warehouseId());
            log.warn("Inventory event refused{}: {}", event.storeId() == null ? "" : " (store " + event.storeId()
                    + ", warehouse " + event.warehouseId() + ")", failure.toString());
        }
        FailureRecorder.setIfKnown(message, "storeId", storeId);
        message.setHeader(WritebackHeaders.FAILURE_CATEGORY, failure.getCategory().name());
        message.setHeader(WritebackHeaders.FAILURE_REASON, failure.getReason());
    }

    /**
     * Route step for a write some of whose counts failed (the others were written): the copy of its message for
     * {@code inventory.failed} says which, and why.
     */
    @SuppressWarnings("unchecked")
    public void countsFailed(Exchange exchange) {
        List<WritebackFailure> failures = exchange.getProperty(InventoryExchange.FAILURES, List.class);
        InventoryWrite write = exchange.getProperty(InventoryExchange.WRITE, InventoryWrite.class);
        Message message = exchange.getIn();
        message.setHeader(WritebackHeaders.FAILURE_CATEGORY, failures.get(0).getCategory().name());
        message.setHeader(WritebackHeaders.FAILURE_REASON, StringUtils.abbreviate(failures.size() + " of "
                + write.pending().size() + " counts failed: " + String.join("; ", failures.stream()
                .map(WritebackFailure::getReason).distinct().toList()), "…", MAX_REASON));
        log.warn("Inventory write of store {}: {}", write.store().id(),
                message.getHeader(WritebackHeaders.FAILURE_REASON));
    }

    /**
     * Error-handler step for an exception that is not a {@link WritebackFailure} (a bug, a value the database refused)
     * on the message's last delivery: the write's counts are FAILED as INTERNAL_ERROR (retried on schedule) instead of
     * staying PENDING unseen.
     */
    public void internalError(Exchange exchange) {
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        log.error("Inventory writeback failed inside the app on the message's last delivery", caught);
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new WritebackFailure(FailureCategory.INTERNAL_ERROR,
                "The app failed on every delivery of this inventory message (" + caught.getClass().getSimpleName()
                        + "); it is retried on schedule, and the app's log has the details", null, caught));
    }
}
