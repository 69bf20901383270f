package org.sila.conversation;

/**
 * What answers stored inbound messages: the rules layer. It is called once per message, in order within a
 * conversation, off the adapter's thread; a message whose handling was cut short (the hub stopped) is handed
 * over again after a restart.
 */
public interface InboundResponder {

    void respond(Message message, Conversation conversation);
}
