package io.writeback.messaging;

import io.writeback.cart.Channel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The broker side: an embedded Artemis (CORE, AMQP, STOMP and OpenWire on one port, persistent journal under
 * {@code writeback.data-dir}) unless {@code writeback.broker.embedded=false}, and the pooled CORE connection
 * factory the {@code activemq:} component uses for every route.
 */
@Configuration(proxyBeanMethods = false)
public class MessagingConfiguration {

    public static final String INBOUND = "shipments.inbound";
    public static final String FAILED = "shipments.failed";

    @Bean(initMethod = "start", destroyMethod = "stop")
    @ConditionalOnProperty(name = "writeback.broker.embedded", havingValue = "true", matchIfMissing = true)
    EmbeddedActiveMQ embeddedBroker(BrokerProperties broker, @Value("${writeback.data-dir}") Path dataDir) {
        Path journal = dataDir.resolve("artemis");
        org.apache.activemq.artemis.core.config.Configuration config = new ConfigurationImpl()
                .setName("writeback-broker")
                .setPersistenceEnabled(true)
                .setJournalType(JournalType.NIO)
                .setJournalDirectory(journal.resolve("journal").toString())
                .setBindingsDirectory(journal.resolve("bindings").toString())
                .setPagingDirectory(journal.resolve("paging").toString())
                .setLargeMessagesDirectory(journal.resolve("large-messages").toString())
                .setNodeManagerLockDirectory(journal.resolve("lock").toString())
                .setSecurityEnabled(false)
                .setJMXManagementEnabled(true);
        try {
            config.addAcceptorConfiguration("tcp", "tcp://" + broker.host() + ":" + broker.port()
                    + "?protocols=CORE,AMQP,STOMP,OPENWIRE");
        } catch (Exception e) {
            throw new IllegalStateException("Invalid acceptor for the embedded broker", e);
        }
        // Redelivery for failures the routes do not handle themselves (database down, a bug): the message stays
        // on its queue, redelivered with growing delays, and only after that lands on shipments.failed.
        config.addAddressSetting("#", new AddressSettings()
                .setDeadLetterAddress(SimpleString.of(FAILED))
                .setExpiryAddress(SimpleString.of("ExpiryQueue"))
                .setMaxDeliveryAttempts(broker.maxDeliveryAttempts())
                .setRedeliveryDelay(1000)
                .setRedeliveryMultiplier(2)
                .setMaxRedeliveryDelay(60_000)
                // a backlog is paged to disk beyond 32 MiB per address, so memory does not grow with it
                .setMaxSizeBytes(32L * 1024 * 1024)
                // message groups are per order (JMSXGroupID): hashed into a fixed number of buckets, each pinned to
                // one consumer, so the broker's group table does not grow with every order ever written
                .setDefaultGroupBuckets(1024)
                .setAddressFullMessagePolicy(AddressFullMessagePolicy.PAGE)
                .setAutoCreateQueues(true)
                .setAutoCreateAddresses(true));
        config.addAddressSetting(FAILED, new AddressSettings().setMaxDeliveryAttempts(-1)
                .setAutoCreateQueues(true).setAutoCreateAddresses(true));
        config.registerBrokerPlugin(new InboundSizeLimit(broker.maxMessageBytes()));
        contractQueues().forEach(queue -> config.addQueueConfiguration(
                QueueConfiguration.of(queue).setRoutingType(RoutingType.ANYCAST).setDurable(true)));
        EmbeddedActiveMQ embedded = new EmbeddedActiveMQ() {
            @Override
            public EmbeddedActiveMQ start() throws Exception {
                super.start();
                // Artemis only logs a port that is already taken; refuse to run against someone else's broker
                if (!getActiveMQServer().isActive()) {
                    super.stop();
                    throw new IllegalStateException("The embedded Artemis broker did not start: is port "
                            + broker.port() + " already in use? Set writeback.broker.port or stop the other broker");
                }
                return this;
            }
        };
        embedded.setConfiguration(config);
        return embedded;
    }

    /** The pooled CORE connection factory of the {@code activemq:} component, created after the embedded broker. */
    @Bean(destroyMethod = "stop")
    JmsPoolConnectionFactory writebackConnectionFactory(BrokerProperties broker,
                                                        ObjectProvider<EmbeddedActiveMQ> embeddedBroker,
                                                        @Value("${writeback.broker.max-connections:4}") int maxConnections) {
        embeddedBroker.getIfAvailable(); // when the broker is embedded it must be listening before we connect
        ActiveMQConnectionFactory artemis = new ActiveMQConnectionFactory(broker.connectionUrl());
        if (broker.username() != null) {
            artemis.setUser(broker.username());
            artemis.setPassword(broker.password());
        }
        artemis.setReconnectAttempts(-1);
        JmsPoolConnectionFactory pool = new JmsPoolConnectionFactory();
        pool.setConnectionFactory(artemis);
        pool.setMaxConnections(maxConnections);
        return pool;
    }

    static List<String> contractQueues() {
        List<String> queues = new ArrayList<>(List.of(INBOUND, FAILED));
        for (Channel channel : Channel.values()) {
            queues.add("writeback." + channel.code());
        }
        return queues;
    }
}
