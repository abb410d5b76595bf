package io.writeback.pacing;

/**
 * A store's rate budget as a cart reports it (or as we hold it): bucket size, units available now and units
 * restored per second. A cart may report only some of them; the others are null.
 */
public record RateStatus(Double capacity, Double available, Double perSecond) {

    boolean saysNothing() {
        return capacity == null && available == null && perSecond == null;
    }
}
