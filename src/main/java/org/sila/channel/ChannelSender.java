package org.sila.channel;

import java.util.Set;

/**
 * The outbound half of an adapter. The outbound router hands each stored message to the sender of its channel.
 * A sender translates and calls its provider; it never touches the store.
 */
public interface ChannelSender {

    /** The channels this sender delivers on (one adapter may serve several, e.g. SMS and WhatsApp). */
    Set<ChannelType> channels();

    /**
     * Delivers one message.
     *
     * @throws ChannelSendException when the provider did not take it
     */
    SendResult send(OutboundMessage message);
}
