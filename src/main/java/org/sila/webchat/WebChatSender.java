package org.sila.webchat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.sila.channel.Attachment;
import org.sila.channel.ChannelSender;
import org.sila.channel.ChannelType;
import org.sila.channel.DeliveryStatus;
import org.sila.channel.OutboundMessage;
import org.sila.channel.SendResult;
import org.springframework.stereotype.Component;

/**
 * Delivers to the visitor's open widget. With no widget open the message is still {@code SENT}: it is in the
 * store, and the widget shows it from the history when the visitor comes back. Files go as links that open with
 * the visitor's session token only; the widget fetches them with it.
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
        List<WebChatMessage.File> files = new ArrayList<>();
        for (int i = 0; i < message.attachments().size(); i++) {
            Attachment file = message.attachments().get(i);
            files.add(new WebChatMessage.File(file.fileName(), file.contentType(), file.size(),
                    WebChatMessage.fileUrl(message.recipient(), message.messageId(), i)));
        }
        var shown = new WebChatMessage(message.messageId(), "OUT", message.text(), origin.author(), origin.intent(),
                message.quickReplies(), origin.createdAt() == null ? Instant.now() : origin.createdAt(), files);
        int delivered = streams.push(message.recipient(), shown);
        return new SendResult(message.messageId(), delivered > 0 ? DeliveryStatus.DELIVERED : DeliveryStatus.SENT,
                null);
    }
}
