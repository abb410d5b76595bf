package io.writeback.messaging;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code writeback.broker.*}: the embedded Artemis broker (default) or an external one
 * ({@code embedded: false} + {@code url}, {@code username}, {@code password}).
 */
@ConfigurationProperties("writeback.broker")
public record BrokerProperties(
        @DefaultValue("true") boolean embedded,
        @DefaultValue("61616") int port,
        @DefaultValue("localhost") String host,
        @DefaultValue("tcp://localhost:61616") String url,
        String username,
        String password,
        @DefaultValue("20") int maxDeliveryAttempts,
        @DefaultValue("4194304") long maxMessageBytes) {

    /** Where the app's own connection goes: the embedded broker's acceptor, or the external broker's URL. */
    public String connectionUrl() {
        return embedded ? "tcp://" + host + ":" + port : url;
    }

    @Override
    public String toString() {
        return "BrokerProperties[embedded=" + embedded + ", url=" + connectionUrl() + ", username=" + username + "]";
    }
}
