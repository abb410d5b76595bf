package io.writeback.messaging;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.ActiveMQExceptionType;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerMessagePlugin;
import org.apache.activemq.artemis.core.transaction.Transaction;

/**
 * The embedded broker refuses a message to {@code shipments.inbound} or {@code inventory.inbound} larger than
 * {@code limitBytes}: the producer is
 * told at once, and no oversized body reaches the journal's consumers or the app's heap. (An external broker needs
 * the same limit in its own configuration.)
 */
final class InboundSizeLimit implements ActiveMQServerMessagePlugin {

    private final long limitBytes;

    InboundSizeLimit(long limitBytes) {
        this.limitBytes = limitBytes;
    }

    @Override
    public void beforeSend(ServerSession session, Transaction tx, Message message, boolean direct,
                           boolean noAutoCreateQueue) throws ActiveMQException {
        String address = message.getAddress();
        boolean inbound = MessagingConfiguration.INBOUND.equals(address)
                || MessagingConfiguration.INVENTORY_INBOUND.equals(address);
        if (inbound && message.getWholeMessageSize() > limitBytes) {
            throw new ActiveMQException(ActiveMQExceptionType.GENERIC_EXCEPTION, "Message of "
                    + message.getWholeMessageSize() + " bytes refused: " + address
                    + " takes messages of at most " + limitBytes + " bytes (writeback.broker.max-message-bytes)");
        }
    }
}
