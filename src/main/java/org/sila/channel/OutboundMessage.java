package org.sila.channel;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One message to a beneficiary, already stored as {@code QUEUED}; its sender's job is only to deliver it.
 *
 * @param messageId        the hub's id of the stored message (stable across retries: use it as an idempotency key)
 * @param channel          the channel to send on
 * @param recipient        the channel address to send to
 * @param text             the text
 * @param quickReplies     choices to offer, may be empty
 * @param attachments      files to send, may be empty
 * @param inReplyTo        provider ids of the conversation's latest inbound messages, newest first (e-mail threading)
 * @param lastInboundAt    when the recipient last wrote on this channel, or null (messaging windows)
 * @param notification     true for a notification the hub starts (case moved, survey), false for a reply
 * @param attempt          1 for the first try, then 2, 3 ...
 * @param metadata         facts for the channel (subject, template variables ...)
 */
public record OutboundMessage(
        String messageId,
        ChannelType channel,
        String recipient,
        String text,
        List<QuickReply> quickReplies,
        List<Attachment> attachments,
        List<String> inReplyTo,
        Instant lastInboundAt,
        boolean notification,
        int attempt,
        Map<String, String> metadata) {

    public OutboundMessage {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(recipient, "recipient");
        text = text == null ? "" : text;
        quickReplies = quickReplies == null ? List.of() : List.copyOf(quickReplies);
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        inReplyTo = inReplyTo == null ? List.of() : List.copyOf(inReplyTo);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
