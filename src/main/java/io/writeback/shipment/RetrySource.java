package io.writeback.shipment;

/** Who asked for a shipment to be sent again; the timeline names it. */
public enum RetrySource {
    SCHEDULE("the retry schedule"),
    API("the REST API"),
    JMX("JMX");

    /**
     * The JMS header that carries a retry's single-use token (see {@link ShipmentLedger#retryQueued}). Who asked for
     * the retry and whether it is a confirmed resend are in the database, not on the message.
     */
    public static final String TOKEN_HEADER = "WritebackRetryToken";

    private final String description;

    RetrySource(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
