package io.writeback.messaging;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code writeback.broker.*}: the embedded Artemis broker (default; producers log in as {@code producer-username} /
 * {@code producer-password}, operators' tools as {@code ops-username} / {@code ops-password}) or an external one
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
        @DefaultValue("4194304") long maxMessageBytes,
        @DefaultValue(LOCAL_PRODUCER) String producerUsername,
        @DefaultValue(LOCAL_PRODUCER) String producerPassword,
        @DefaultValue(LOCAL_OPS) String opsUsername,
        @DefaultValue(LOCAL_OPS) String opsPassword) {

    /** The embedded broker's logins out of the box: documented, and accepted on a loopback bind only. */
    static final String LOCAL_PRODUCER = "producer";
    static final String LOCAL_OPS = "ops";

    /** An embedded broker that listens beyond this machine needs a producer password of its own. */
    void refuseDefaultLoginOffLoopback() {
        boolean loopback;
        try {
            loopback = InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("writeback.broker.host '" + host + "' is not a known address", e);
        }
        if (!loopback && (LOCAL_PRODUCER.equals(producerPassword) || LOCAL_OPS.equals(opsPassword))) {
            throw new IllegalStateException("The embedded broker would listen on " + host + " with a documented"
                    + " local password: set writeback.broker.producer-password and writeback.broker.ops-password"
                    + " first");
        }
    }

    @Override
    public String toString() {
        return "BrokerProperties[embedded=" + embedded + ", host=" + host + ", port=" + port + ", url=" + url
                + ", username=" + username + ", producerUsername=" + producerUsername + "]";
    }
}
