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
 * @param origin           who wrote it and when, as the hub recorded it
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
        Map<String, String> metadata,
        Origin origin) {

    /**
     * Who wrote the message and when.
     *
     * @param author    {@code bot}, {@code staff} or {@code system}
     * @param intent    for the bot's answers, what it understood; else null
     * @param createdAt when the hub stored it
     */
    public record Origin(String author, String intent, Instant createdAt) {

        public Origin {
            author = author == null ? "system" : author;
        }

        public boolean byStaff() {
            return "staff".equals(author);
        }

        public boolean byBot() {
            return "bot".equals(author);
        }
    }

    public OutboundMessage {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(recipient, "recipient");
        text = text == null ? "" : text;
        quickReplies = quickReplies == null ? List.of() : List.copyOf(quickReplies);
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        inReplyTo = inReplyTo == null ? List.of() : List.copyOf(inReplyTo);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        origin = origin == null ? new Origin(null, null, null) : origin;
    }
}
