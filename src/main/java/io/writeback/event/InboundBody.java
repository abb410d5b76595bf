package io.writeback.event;

import io.writeback.failure.FailureCategory;
import io.writeback.failure.WritebackFailure;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.ObjectMessage;
import jakarta.jms.StreamMessage;
import jakarta.jms.TextMessage;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

/**
 * The body of a message on {@code shipments.inbound} or {@code inventory.inbound}, taken from the JMS message itself
 * (the intakes consume it unmapped): a text message's text, a bytes message's bytes decoded strictly as UTF-8. Its
 * size is checked before the body is read. Any other kind of message (an {@code ObjectMessage} above all) is refused
 * without its body being touched, so nothing a producer sends is ever deserialized.
 */
public final class InboundBody {

    /** Artemis' property with the body size of a large message, known before the body is read. */
    private static final String LARGE_BODY_SIZE = "_AMQ_LARGE_SIZE";

    private InboundBody() {
    }

    /**
     * The event's text; throws {@code INVALID_MESSAGE} for a message that is too large, not UTF-8 or of another kind.
     * {@code limit} names the property that sets {@code maxBytes}.
     */
    public static String text(Object body, int maxBytes, String limit) {
        if (!(body instanceof jakarta.jms.Message message)) {
            return body == null ? null : body.toString();
        }
        try {
            if (message instanceof TextMessage text) {
                if (largerThan(text, maxBytes)) {
                    throw tooLarge(message.getLongProperty(LARGE_BODY_SIZE) / 2, maxBytes, limit);
                }
                return text.getText();
            }
            if (message instanceof BytesMessage bytes) {
                if (bytes.getBodyLength() > maxBytes) {
                    throw tooLarge(bytes.getBodyLength(), maxBytes, limit);
                }
                return utf8(original(bytes));
            }
        } catch (JMSException e) {
            throw new WritebackFailure(FailureCategory.INVALID_MESSAGE, "The message's body cannot be read: "
                    + e.getMessage());
        }
        throw new WritebackFailure(FailureCategory.INVALID_MESSAGE, "An event must be a text message (or bytes"
                + " of UTF-8 JSON); this is a JMS " + kind(message) + ", whose body is not read");
    }

    /**
     * What goes to {@code shipments.failed} as the original body: the text, or the bytes exactly as sent; nothing for
     * a message of another kind, or one larger than {@code copyLimit} ({@code WritebackFailureReason} says which).
     */
    public static Object original(Object body, long copyLimit) {
        if (!(body instanceof jakarta.jms.Message message)) {
            return body;
        }
        try {
            if (message instanceof BytesMessage bytes && bytes.getBodyLength() <= copyLimit) {
                return original(bytes);
            }
            if (message instanceof TextMessage text && !largerThan(text, copyLimit)) {
                return text.getText();
            }
        } catch (JMSException unreadable) {
            // the reason already says so; the failed queue gets no body
        }
        return "";
    }

    /** Artemis sends a text of more than about 100 KiB as a large message, whose size is known before it is read. */
    private static boolean largerThan(TextMessage message, long bytes) throws JMSException {
        // Artemis keeps text as UTF-16: twice the characters, a little more than the UTF-8 bytes of most JSON
        return message.propertyExists(LARGE_BODY_SIZE) && message.getLongProperty(LARGE_BODY_SIZE) > 2 * bytes + 64;
    }

    /** The JMS message type, for the reason a message of another kind is refused. */
    private static String kind(jakarta.jms.Message message) {
        return Stream.of(TextMessage.class, BytesMessage.class, ObjectMessage.class, MapMessage.class,
                        StreamMessage.class).filter(type -> type.isInstance(message)).map(Class::getSimpleName)
                .findFirst().orElse("Message");
    }

    private static byte[] original(BytesMessage message) throws JMSException {
        message.reset();
        byte[] bytes = new byte[(int) message.getBodyLength()];
        message.readBytes(bytes);
        return bytes;
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new WritebackFailure(FailureCategory.INVALID_MESSAGE, "The message's bytes are not valid UTF-8: an"
                    + " event is JSON text in UTF-8");
        }
    }

    private static WritebackFailure tooLarge(long bytes, int maxBytes, String limit) {
        return new WritebackFailure(FailureCategory.INVALID_MESSAGE, "Message is about " + bytes
                + " bytes; an event may be at most " + maxBytes + " bytes (" + limit + "). Its body was not read");
    }
}
