package org.sila.conversation.internal;

import org.sila.channel.InboundMessage;
import org.sila.conversation.Conversation;
import org.sila.conversation.InboundResponder;
import org.sila.conversation.Message;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * A STOP (or START) keyword is an instruction to the channel, already carried out (the opt-out is recorded, the
 * provider confirms it as carriers require): no bot answers it, which would message someone who just asked not
 * to be messaged.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class OptOutKeywordResponder implements InboundResponder {

    @Override
    public boolean respond(Message message, Conversation conversation) {
        return message.details().containsKey(InboundMessage.META_OPT_OUT);
    }
}
