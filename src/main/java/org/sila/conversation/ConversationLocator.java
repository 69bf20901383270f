package org.sila.conversation;

import java.util.Optional;

import org.sila.channel.InboundMessage;

/**
 * Names the conversation an inbound message continues from what it carries, for modules that know such things
 * (casework: a case reference in an e-mail subject). The store joins it only when it is the sender's own.
 */
public interface ConversationLocator {

    /** The id of the conversation {@code message} continues, or empty. */
    Optional<String> conversationFor(InboundMessage message);
}
