package io.writeback.failure;

import java.time.Duration;

/**
 * A writeback that did not reach the cart, with a reason an operator can act on. The routes' error handling
 * redelivers it when {@link #isTransient()} and records it (tag, timeline, failed queue) when it gives up.
 */
public class WritebackFailure extends RuntimeException {

    private final FailureCategory category;
    private final Duration retryAfter;
    private final boolean outcomeUnknown;

    public WritebackFailure(FailureCategory category, String reason) {
        this(category, reason, null, null);
    }

    public WritebackFailure(FailureCategory category, String reason, Duration retryAfter) {
        this(category, reason, retryAfter, null);
    }

    public WritebackFailure(FailureCategory category, String reason, Duration retryAfter, Throwable cause) {
        this(category, reason, retryAfter, cause, false);
    }

    private WritebackFailure(FailureCategory category, String reason, Duration retryAfter, Throwable cause,
                             boolean outcomeUnknown) {
        super(reason, cause, false, cause != null);
        this.category = category;
        this.retryAfter = retryAfter;
        this.outcomeUnknown = outcomeUnknown;
    }

    /**
     * A call whose answer never came (a timeout, a connection lost after the request went out): the cart may have
     * done what we asked.
     */
    public static WritebackFailure outcomeUnknown(FailureCategory category, String reason, Throwable cause) {
        return new WritebackFailure(category, reason, null, cause, true);
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

    /** Whether the cart may have done what the failed call asked (see {@link #outcomeUnknown}). */
    public boolean isOutcomeUnknown() {
        return outcomeUnknown;
    }

    public boolean isTransient() {
        return category.isTransient();
    }

    @Override
    public String toString() {
        return category + ": " + getMessage();
    }
}
