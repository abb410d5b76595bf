package io.writeback.shipment;

/**
 * The JMS headers the steps hand a shipment's message on with (the waits' own counters are the Deferral's). The intake
 * drops whatever a producer put under these names, or any other {@code Writeback*} or broker header, before it reads
 * them.
 */
public final class WritebackHeaders {

    /** The version of the shipment's event the message carries, from the intake to its channel route. */
    public static final String VERSION = "WritebackEventVersion";
    /**
     * A retry's single-use token. Who asked for the retry and whether it is a confirmed resend are in the database,
     * not on the message.
     */
    public static final String RETRY_TOKEN = "WritebackRetryToken";
    /** Artemis' scheduled delivery time, epoch milliseconds: a message that must wait is delivered then. */
    public static final String DELIVER_AT =
            org.apache.activemq.artemis.api.core.Message.HDR_SCHEDULED_DELIVERY_TIME.toString();

    /** On {@code shipments.failed}: the contract's failure headers. */
    public static final String FAILURE_CATEGORY = "WritebackFailureCategory";
    public static final String FAILURE_REASON = "WritebackFailureReason";
    public static final String ATTEMPTS = "WritebackAttempts";

    private WritebackHeaders() {
    }
}
