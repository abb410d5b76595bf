package io.writeback.failure;

/**
 * Why a writeback failed (design.md §2.3). Permanent categories need a fix and are never retried automatically;
 * transient ones are redelivered and later retried on schedule.
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
    CHANNEL_UNAVAILABLE(true);

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
