package io.writeback.shipment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.writeback.TestEvent;
import io.writeback.TestInventory;
import io.writeback.WritebackTestSupport;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Message;
import jakarta.jms.Session;
import java.io.Serial;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/**
 * What an upstream producer sends cannot steer the app: internal headers are dropped at the intake, message kinds
 * other than text and UTF-8 bytes are refused without their body being read, and the broker refuses oversized
 * messages outright. Each case ends with the next good event SYNCED, written once.
 */
class HostileProducerTest extends WritebackTestSupport {

    private static final String NEW_UPS = "1Z999AA10123456784";

    @Value("${writeback.broker.port}")
    int brokerPort;

    /** Set if anything ever deserializes the payload of the ObjectMessage below. */
    static final AtomicBoolean DESERIALIZED = new AtomicBoolean();

    static final class Payload implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        @Serial
        private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
            DESERIALIZED.set(true);
            in.defaultReadObject();
        }
    }

    @FunctionalInterface
    private interface MessageMaker {
        Message make(Session session) throws JMSException;
    }

    private void sendRaw(MessageMaker maker) throws JMSException {
        asProducer(session -> session.createProducer(session.createQueue("shipments.inbound"))
                .send(maker.make(session)));
    }

    @Test
    void internalHeadersSetByAProducerAreDropped() throws Exception {
        send(TestEvent.shopify("SHP-1"));
        awaitShipment("SHP-1", "SYNCED");

        // a new tracking number posing as a confirmed resend, with counters and broker properties it may not set
        sendRaw(session -> {
            Message message = session.createTextMessage(TestEvent.shopify("SHP-1").with("trackingNumber", NEW_UPS)
                    .json());
            message.setBooleanProperty("WritebackResend", true);
            message.setStringProperty("WritebackRetryRequestedBy", "API");
            message.setStringProperty("WritebackRetryToken", "guessed");
            message.setIntProperty("WritebackRedeliveries", -1_000_000);
            message.setStringProperty("_AMQ_DUPL_ID", "dup-1");
            return message;
        });

        Exchange failed = awaitFailedMessage();
        assertThat(failed.getIn().getHeader("WritebackFailureCategory")).isEqualTo("ALREADY_SHIPPED");
        assertThat(failed.getIn().getHeader("_AMQ_DUPL_ID")).isNull();
        assertThat(shop.fulfillments(1001)).singleElement()
                .satisfies(f -> assertThat(f.number()).isEqualTo("1Z5R89390357567127"));
        assertThat(timeline("1001", "RECEIVED")).noneMatch(m -> m.contains("sent again by"));

        // a duplicate id and a message group a producer chose do not travel on: the write deferred by the cart's
        // 503 comes back (the broker would drop a second send with the same duplicate id) and is written once
        shop.outage(1);
        sendRaw(session -> {
            Message message = session.createTextMessage(TestEvent.shopifyOrder("SHP-2", "1004", "41", 1).json());
            message.setStringProperty("_AMQ_DUPL_ID", "producer-chosen-id");
            message.setStringProperty("JMSXGroupID", "hijacked");
            return message;
        });
        awaitShipment("SHP-2", "SYNCED");
        assertThat(timeline("1004", "ATTEMPT_FAILED")).hasSize(1);
        assertThat(shop.fulfillments(1004)).hasSize(1);
    }

    @Test
    void theBrokerLetsAProducerSendToTheIntakeAndDoNothingElse() {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://localhost:" + brokerPort);
        assertThatThrownBy(() -> factory.createConnection().close()).as("anonymous")
                .isInstanceOf(JMSSecurityException.class);
        assertThatThrownBy(() -> factory.createConnection("producer", "guess").close()).as("a wrong password")
                .isInstanceOf(JMSSecurityException.class);
        assertThatThrownBy(() -> asProducer(session -> session.createProducer(session.createQueue("writeback.shopify"))
                .send(session.createTextMessage(TestEvent.shopify("SHP-1").json()))))
                .as("past the intake").isInstanceOf(JMSSecurityException.class);
        assertThatThrownBy(() -> asProducer(session -> session.createConsumer(session.createQueue("shipments.failed"))))
                .as("reading the failed queue").isInstanceOf(JMSSecurityException.class);
        assertThatThrownBy(() -> asProducer(session -> session.createProducer(session.createQueue("inventory.shopify"))
                .send(session.createTextMessage("{}"))))
                .as("past the inventory intake").isInstanceOf(JMSSecurityException.class);
        assertThatThrownBy(() -> asProducer(session -> session.createConsumer(session.createQueue("inventory.failed"))))
                .as("reading the inventory failed queue").isInstanceOf(JMSSecurityException.class);
        long intakes = routeCompleted("inventory-intake");
        String count = TestInventory.event("test-shopify", "WH-A", Instant.now(), "TEE", 1);
        assertThatCode(() -> asProducer(session -> session.createProducer(session.createQueue("inventory.inbound"))
                .send(session.createTextMessage(count)))).as("sending to the inventory intake")
                .doesNotThrowAnyException();
        awaitRouteCompleted("inventory-intake", intakes, 1);
        factory.close();
    }

    @FunctionalInterface
    private interface SessionWork {
        void run(Session session) throws JMSException;
    }

    private void asProducer(SessionWork work) throws JMSException {
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://localhost:" + brokerPort);
             Connection connection = factory.createConnection("producer", "producer")) {
            work.run(connection.createSession(false, Session.AUTO_ACKNOWLEDGE));
        }
    }

    @Test
    void anObjectMessageIsRefusedWithoutBeingDeserialized() throws Exception {
        DESERIALIZED.set(false);
        sendRaw(session -> session.createObjectMessage(new Payload()));
        send(TestEvent.shopify("SHP-GOOD"));

        Exchange failed = awaitFailedMessage();
        assertThat(failed.getIn().getHeader("WritebackFailureCategory")).isEqualTo("INVALID_MESSAGE");
        assertThat(failed.getIn().getHeader("WritebackFailureReason", String.class))
                .contains("this is a JMS ObjectMessage, whose body is not read");
        awaitShipment("SHP-GOOD", "SYNCED");
        assertThat(DESERIALIZED).isFalse();
    }

    @Test
    void bytesAreDecodedStrictlyAsUtf8AndInvalidOnesKeptAsTheyCame() throws Exception {
        byte[] invalid = TestEvent.shopify("SHP-1").json().replace("TEE", "T\u00c9E").getBytes(StandardCharsets.ISO_8859_1);
        sendRaw(session -> {
            BytesMessage message = session.createBytesMessage();
            message.writeBytes(invalid);
            return message;
        });

        Exchange failed = awaitFailedMessage();
        assertThat(failed.getIn().getHeader("WritebackFailureCategory")).isEqualTo("INVALID_MESSAGE");
        assertThat(failed.getIn().getHeader("WritebackFailureReason", String.class)).contains("not valid UTF-8");
        assertThat(failed.getIn().getBody(byte[].class)).isEqualTo(invalid);

        sendRaw(session -> {
            BytesMessage message = session.createBytesMessage();
            message.writeBytes(TestEvent.shopify("SHP-2").json().getBytes(StandardCharsets.UTF_8));
            return message;
        });
        awaitShipment("SHP-2", "SYNCED");
    }

    @Test
    void theBrokerRefusesAFiftyMegabyteMessageAndTheAppFlowsOn() {
        String huge = TestEvent.shopify("SHP-1").with("padding", "x".repeat(50 * 1024 * 1024)).json();

        assertThatThrownBy(() -> sendRaw(session -> session.createTextMessage(huge)))
                .hasStackTraceContaining("takes messages of at most 4194304 bytes");

        send(TestEvent.shopify("SHP-GOOD"));
        awaitShipment("SHP-GOOD", "SYNCED");
        assertThat(shop.fulfillments(1001)).hasSize(1);
    }
}
