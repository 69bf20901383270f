package org.sila.webchat;

import java.time.Instant;
import java.util.Set;

import org.sila.channel.ChannelSender;
import org.sila.channel.ChannelType;
import org.sila.channel.DeliveryStatus;
import org.sila.channel.OutboundMessage;
import org.sila.channel.SendResult;
import org.springframework.stereotype.Component;

/**
 * Delivers to the visitor's open widget. With no widget open the message is still {@code SENT}: it is in the
 * store, and the widget shows it from the history when the visitor comes back.
 */
@Component
class WebChatSender implements ChannelSender {

    private final WebChatStreams streams;

    WebChatSender(WebChatStreams streams) {
        this.streams = streams;
    }

    @Override
    public Set<ChannelType> channels() {
        return Set.of(ChannelType.WEBCHAT);
    }

    @Override
    public SendResult send(OutboundMessage message) {
        var origin = message.origin();
        var shown = new WebChatMessage(message.messageId(), "OUT", message.text(), origin.author(), origin.intent(),
                message.quickReplies(), origin.createdAt() == null ? Instant.now() : origin.createdAt());
        int delivered = streams.push(message.recipient(), shown);
        return new SendResult(message.messageId(), delivered > 0 ? DeliveryStatus.DELIVERED : DeliveryStatus.SENT,
                null);
    }
}
