package io.writeback.ledger;

/** Who asked for a shipment to be sent again; the timeline names it. */
public enum RetrySource {
    SCHEDULE("the retry schedule"),
    API("the REST API"),
    CONSOLE("the ops console"),
    JMX("JMX");

    private final String description;

    RetrySource(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
