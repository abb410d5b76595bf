package io.writeback.shipment;

/** Who asked for a shipment to be sent again; the timeline names it. */
public enum RetrySource {
    SCHEDULE("the retry schedule"),
    API("the REST API"),
    JMX("JMX");

    /** The JMS header that carries it on the retried message. */
    public static final String HEADER = "WritebackRetryRequestedBy";
    /** The JMS header that marks an operator-confirmed resend. */
    public static final String RESEND_HEADER = "WritebackResend";

    private final String description;

    RetrySource(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
