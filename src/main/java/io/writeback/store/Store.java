package io.writeback.store;

import io.writeback.channel.Channel;

/** A configured store: its id and its configuration. */
public record Store(String id, StoreConfig config) {

    public Channel channel() {
        return config.channel();
    }
}
