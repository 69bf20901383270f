package org.sila.channel;

import org.springframework.integration.core.MessagingTemplate;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessagingException;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.messaging.support.GenericMessage;
import org.springframework.stereotype.Component;

/** Hands a stored outbound message to its channel's sender over the outbound Spring Integration channel. */
@Component
public class OutboundRouter {

    public static final String OUTBOUND = "sila.outbound";

    private final MessagingTemplate messaging;

    OutboundRouter(@Qualifier(OUTBOUND) MessageChannel outbound) {
        this.messaging = new MessagingTemplate(outbound);
    }

    /**
     * @throws ChannelSendException when the provider did not take the message (or no adapter serves its channel)
     */
    public SendResult send(OutboundMessage message) {
        try {
            var reply = messaging.sendAndReceive(new GenericMessage<>(message));
            if (reply == null || !(reply.getPayload() instanceof SendResult result)) {
                throw ChannelSendException.retryable("NO_RESULT", "The sender returned no result", null, null);
            }
            return result;
        } catch (MessagingException e) {
            throw unwrap(e);
        }
    }

    private static RuntimeException unwrap(MessagingException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ChannelSendException cse) {
                return cse;
            }
        }
        Throwable root = e.getMostSpecificCause();
        return ChannelSendException.retryable("SEND_ERROR", String.valueOf(root.getMessage()), null, e);
    }
}
