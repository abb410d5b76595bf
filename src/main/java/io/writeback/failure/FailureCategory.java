package io.writeback.failure;

/**
 * Why a writeback failed (design.md §2.3, plus INTERNAL_ERROR and STALLED). Permanent categories need a fix and are
 * never retried automatically; transient ones are redelivered and later retried on schedule.
 */
public enum FailureCategory {
    INVALID_MESSAGE,
    UNKNOWN_CHANNEL,
    UNKNOWN_STORE,
    LOCATION_NOT_MAPPED,
    LOCATION_NOT_STOCKED,
    ALREADY_SHIPPED,
    ITEMS_MISMATCH,
    MISSING_TRACKING,
    INVALID_TRACKING,
    INVALID_CARRIER,
    AUTH_FAILED,
    REJECTED,
    RATE_LIMITED(true),
    CHANNEL_UNAVAILABLE(true),
    /** Anything else that went wrong in the app (a bug, a value the database refused), on the last delivery. */
    INTERNAL_ERROR(true),
    /** PENDING long past its due time with nothing in flight (the sweeper's find). */
    STALLED(true);

    private final boolean transientFailure;

    FailureCategory() {
        this(false);
    }

    FailureCategory(boolean transientFailure) {
        this.transientFailure = transientFailure;
    }

    public boolean isTransient() {
        return transientFailure;
    }
}
