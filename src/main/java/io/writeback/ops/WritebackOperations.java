package io.writeback.ops;

import io.writeback.ledger.OrderRecords;
import io.writeback.ledger.RetrySource;
import io.writeback.ledger.ShipmentQueries;
import io.writeback.retry.Retries;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.jmx.export.annotation.ManagedAttribute;
import org.springframework.jmx.export.annotation.ManagedOperation;
import org.springframework.jmx.export.annotation.ManagedOperationParameter;
import org.springframework.jmx.export.annotation.ManagedOperationParameters;
import org.springframework.jmx.export.annotation.ManagedResource;
import org.springframework.stereotype.Component;

/**
 * The operations MBean {@value #OBJECT_NAME}: retry one order, retry every failed shipment of a channel or store,
 * and the PENDING/FAILED counts per channel. Suspending and resuming a channel is Camel's own route MBean
 * ({@code org.apache.camel:context=writeback,type=routes,name="writeback-<channel>"}).
 */
@Component
@ManagedResource(objectName = WritebackOperations.OBJECT_NAME,
        description = "Tracking writeback operations: retries and counts")
public class WritebackOperations {

    static final String DOMAIN = "io.writeback";
    public static final String OBJECT_NAME = DOMAIN + ":type=Operations,name=writeback";

    private final Retries retries;
    private final ShipmentQueries queries;

    public WritebackOperations(Retries retries, ShipmentQueries queries) {
        this.retries = retries;
        this.queries = queries;
    }

    @ManagedOperation(description = "Retry an order's failed shipments; confirm=true also resends the tracking of an"
            + " order that is not tagged Failed Shipment Notification")
    @ManagedOperationParameters({
            @ManagedOperationParameter(name = "orderNumber", description = "our order number"),
            @ManagedOperationParameter(name = "confirm", description = "true to resend an order that is not tagged")})
    public String retryOrder(String orderNumber, boolean confirm) {
        try {
            return describe(retries.retryOrder(orderNumber, confirm, RetrySource.JMX, "JMX"));
        } catch (Retries.ConfirmationRequired | Retries.UnknownOrder e) {
            return "Not queued: " + e.getMessage();
        }
    }

    @ManagedOperation(description = "Retry every failed shipment (orders tagged Failed Shipment Notification) of a"
            + " channel and/or store; an empty argument means any")
    @ManagedOperationParameters({
            @ManagedOperationParameter(name = "channel", description = "shopify, amazon, … or empty for all"),
            @ManagedOperationParameter(name = "storeId", description = "a store id, or empty for all")})
    public String retryFailed(String channel, String storeId) {
        return describe(retries.retryTagged(OrderRecords.FAILED_TAG, blankToNull(channel), blankToNull(storeId),
                RetrySource.JMX, "JMX"));
    }

    @ManagedAttribute(description = "Shipments PENDING and FAILED per channel, e.g. shopify: PENDING=2 FAILED=1")
    public String getCounts() {
        Map<String, Map<String, Long>> counts = queries.pendingAndFailedByChannel();
        return counts.isEmpty() ? "no pending or failed shipments" : counts.entrySet().stream()
                .map(channel -> channel.getKey() + ": PENDING=" + channel.getValue().getOrDefault("PENDING", 0L)
                        + " FAILED=" + channel.getValue().getOrDefault("FAILED", 0L))
                .collect(Collectors.joining("; "));
    }

    @ManagedOperation(description = "Shipments of a channel with a status (PENDING, FAILED or SYNCED)")
    @ManagedOperationParameters({
            @ManagedOperationParameter(name = "channel", description = "shopify, amazon, …"),
            @ManagedOperationParameter(name = "status", description = "PENDING, FAILED or SYNCED")})
    public long count(String channel, String status) {
        return queries.count(channel, status);
    }

    private static String describe(Retries.Outcome outcome) {
        return "Queued " + outcome.queued() + " shipment(s)" + (outcome.skipped().isEmpty() ? "" : "; skipped: "
                + outcome.skipped().stream().map(s -> s.orderNumber() + " (" + s.reason() + ")")
                .collect(Collectors.joining(", ")));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
