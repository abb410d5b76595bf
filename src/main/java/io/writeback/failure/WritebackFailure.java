package io.writeback.failure;

import java.time.Duration;

/**
 * A writeback that did not reach the cart, with a reason an operator can act on. The routes' error handling
 * redelivers it when {@link #isTransient()} and records it (tag, timeline, failed queue) when it gives up.
 */
public class WritebackFailure extends RuntimeException {

    private final FailureCategory category;
    private final Duration retryAfter;

    public WritebackFailure(FailureCategory category, String reason) {
        this(category, reason, null, null);
    }

    public WritebackFailure(FailureCategory category, String reason, Duration retryAfter) {
        this(category, reason, retryAfter, null);
    }

    public WritebackFailure(FailureCategory category, String reason, Duration retryAfter, Throwable cause) {
        super(reason, cause, false, cause != null);
        this.category = category;
        this.retryAfter = retryAfter;
    }

    public FailureCategory getCategory() {
        return category;
    }

    public String getReason() {
        return getMessage();
    }

    /** The wait the cart asked for (Retry-After, GraphQL cost figures), or null when it named none. */
    public Duration getRetryAfter() {
        return retryAfter;
    }

    public boolean isTransient() {
        return category.isTransient();
    }

    @Override
    public String toString() {
        return category + ": " + getMessage();
    }
}
