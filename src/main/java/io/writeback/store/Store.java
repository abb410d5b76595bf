package io.writeback.store;

import io.writeback.channel.Channel;

/**
 * A configured store: its id and its configuration; {@code plan} names one of its cart's rate plans other than the
 * one tracking writes use (null for that one).
 */
public record Store(String id, StoreConfig config, String plan) {

    public Store(String id, StoreConfig config) {
        this(id, config, null);
    }

    public Channel channel() {
        return config.channel();
    }

    /**
     * The store as another of its cart's rate plans sees it: a budget of its own (Amazon limits each operation on its
     * own plan; the Listings API's answers must not resize confirmShipment's budget).
     */
    public Store onPlan(String otherPlan) {
        return new Store(id, config, otherPlan);
    }

    /** The key of the store's rate budget on its plan: the id, or {@code <id>/<plan>}. */
    public String budgetKey() {
        return plan == null ? id : id + "/" + plan;
    }
}
