package org.sila.conversation;

/**
 * What answers stored inbound messages: the rules layer, and modules that wait for an answer of their own (a
 * satisfaction survey). Responders are asked in their {@link org.springframework.core.annotation.Order order}
 * until one takes the message; each message is handled once, in order within its conversation, off the adapter's
 * thread, and a message whose handling was cut short (the hub stopped) is handed over again after a restart.
 */
public interface InboundResponder {

    /** @return true when this responder took the message, so no later one sees it */
    boolean respond(Message message, Conversation conversation);
}
