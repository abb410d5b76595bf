package io.writeback.messaging;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.writeback.channel.Channel;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.Queue;
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
    public static final String INVENTORY_INBOUND = "inventory.inbound";
    public static final String INVENTORY_FAILED = "inventory.failed";

    /** The app's own login on its embedded broker: a password made at each start, kept in memory only. */
    record AppLogin(String user, String password) {

        static AppLogin generate() {
            byte[] secret = new byte[24];
            new SecureRandom().nextBytes(secret);
            return new AppLogin("writeback-app", Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
        }

        @Override
        public String toString() {
            return "AppLogin[user=" + user + "]";
        }
    }

    @Bean
    @ConditionalOnProperty(name = "writeback.broker.embedded", havingValue = "true", matchIfMissing = true)
    AppLogin embeddedBrokerAppLogin() {
        return AppLogin.generate();
    }

    @Bean(initMethod = "start", destroyMethod = "stop")
    @ConditionalOnProperty(name = "writeback.broker.embedded", havingValue = "true", matchIfMissing = true)
    EmbeddedActiveMQ embeddedBroker(BrokerProperties broker, AppLogin app,
                                    @Value("${writeback.data-dir}") Path dataDir) {
        broker.refuseDefaultLoginOffLoopback();
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
                .setSecurityEnabled(true)
                .setJMXManagementEnabled(true);
        try {
            // the app itself connects in-VM; every other client over TCP, with a login
            config.addAcceptorConfiguration("in-vm", inVm(broker));
            config.addAcceptorConfiguration("tcp", "tcp://" + broker.host() + ":" + broker.port()
                    + "?protocols=CORE,AMQP,STOMP,OPENWIRE");
        } catch (Exception e) {
            throw new IllegalStateException("Invalid acceptor for the embedded broker", e);
        }
        Role appRole = EmbeddedBrokerUsers.everything(EmbeddedBrokerUsers.APP);
        config.putSecurityRoles("#", Set.of(appRole));
        config.putSecurityRoles(INBOUND, Set.of(appRole, EmbeddedBrokerUsers.sending(EmbeddedBrokerUsers.PRODUCER),
                EmbeddedBrokerUsers.sending(EmbeddedBrokerUsers.OPS)));
        config.putSecurityRoles(FAILED, Set.of(appRole, EmbeddedBrokerUsers.reading(EmbeddedBrokerUsers.OPS)));
        config.putSecurityRoles(INVENTORY_INBOUND, Set.of(appRole,
                EmbeddedBrokerUsers.sending(EmbeddedBrokerUsers.PRODUCER),
                EmbeddedBrokerUsers.sending(EmbeddedBrokerUsers.OPS)));
        config.putSecurityRoles(INVENTORY_FAILED, Set.of(appRole,
                EmbeddedBrokerUsers.reading(EmbeddedBrokerUsers.OPS)));
        Map<String, EmbeddedBrokerUsers.User> users = new HashMap<>();
        users.put(app.user(), new EmbeddedBrokerUsers.User(app.password(), EmbeddedBrokerUsers.APP));
        users.put(broker.producerUsername(), new EmbeddedBrokerUsers.User(broker.producerPassword(),
                EmbeddedBrokerUsers.PRODUCER));
        users.put(broker.opsUsername(), new EmbeddedBrokerUsers.User(broker.opsPassword(), EmbeddedBrokerUsers.OPS));
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
                .setDefaultGroupRebalance(true)
                .setAddressFullMessagePolicy(AddressFullMessagePolicy.PAGE)
                .setAutoCreateQueues(true)
                .setAutoCreateAddresses(true));
        config.addAddressSetting(FAILED, new AddressSettings().setMaxDeliveryAttempts(-1)
                .setAutoCreateQueues(true).setAutoCreateAddresses(true));
        // the inventory queues' dead letters are inventory failures (the rest of "#"'s settings apply: Artemis merges
        // a more specific match with the less specific ones)
        config.addAddressSetting("inventory.#", new AddressSettings()
                .setDeadLetterAddress(SimpleString.of(INVENTORY_FAILED)));
        config.addAddressSetting(INVENTORY_FAILED, new AddressSettings().setMaxDeliveryAttempts(-1)
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
        embedded.setSecurityManager(new EmbeddedBrokerUsers(users));
        return embedded;
    }

    /** The pooled CORE connection factory of the {@code activemq:} component, created after the embedded broker. */
    @Bean(destroyMethod = "stop")
    JmsPoolConnectionFactory writebackConnectionFactory(
            BrokerProperties broker, ObjectProvider<EmbeddedActiveMQ> embeddedBroker,
            ObjectProvider<AppLogin> embeddedLogin,
            @Value("${writeback.broker.max-connections:4}") int maxConnections) {
        ActiveMQConnectionFactory artemis;
        if (embeddedBroker.getIfAvailable() != null) { // the broker is up before we connect
            AppLogin app = embeddedLogin.getObject();
            artemis = new ActiveMQConnectionFactory(inVm(broker));
            artemis.setUser(app.user());
            artemis.setPassword(app.password());
        } else {
            artemis = new ActiveMQConnectionFactory(broker.url());
            if (broker.username() != null) {
                artemis.setUser(broker.username());
                artemis.setPassword(broker.password());
            }
        }
        // nothing the app receives is ever deserialized (a producer's ObjectMessage is refused unread)
        artemis.setDeserializationDenyList("*");
        artemis.setReconnectAttempts(-1);
        // no client-side buffer: a consumer busy with a cart call holds no waiting messages while others idle
        artemis.setConsumerWindowSize(1);
        JmsPoolConnectionFactory pool = new JmsPoolConnectionFactory();
        pool.setConnectionFactory(artemis);
        pool.setMaxConnections(maxConnections);
        return pool;
    }

    /** The in-VM acceptor, numbered by the TCP port so that two brokers in one JVM (tests) do not collide. */
    private static String inVm(BrokerProperties broker) {
        return "vm://" + broker.port();
    }

    /**
     * The contract queues' depths on the embedded broker ({@code writeback_queue_depth}), messages waiting for a
     * scheduled delivery included. An external broker's depths are its own metrics'.
     */
    @Bean
    @ConditionalOnProperty(name = "writeback.broker.embedded", havingValue = "true", matchIfMissing = true)
    MeterBinder queueDepths(EmbeddedActiveMQ broker) {
        return registry -> contractQueues().forEach(queue -> Gauge.builder("writeback.queue.depth", broker,
                        embedded -> depth(embedded, queue))
                .description("Messages on the queue, scheduled ones included").tag("queue", queue)
                .register(registry));
    }

    private static double depth(EmbeddedActiveMQ broker, String name) {
        Queue queue = broker.getActiveMQServer() == null ? null : broker.getActiveMQServer().locateQueue(name);
        return queue == null ? 0 : queue.getMessageCount();
    }

    /**
     * {@code shipments.inbound}, {@code shipments.failed}, each channel's {@code writeback.<channel>}, and the same
     * for inventory: {@code inventory.inbound}, {@code inventory.failed}, {@code inventory.<channel>}.
     */
    public static List<String> contractQueues() {
        List<String> queues = new ArrayList<>(List.of(INBOUND, FAILED, INVENTORY_INBOUND, INVENTORY_FAILED));
        for (Channel channel : Channel.values()) {
            queues.add("writeback." + channel.code());
            queues.add("inventory." + channel.code());
        }
        return queues;
    }
}
