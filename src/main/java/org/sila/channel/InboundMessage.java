package org.sila.channel;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One message from a beneficiary, normalised by its channel adapter.
 *
 * @param channel           where it came from
 * @param externalId        the provider's id for this message; with {@code channel} it makes delivery idempotent
 * @param sender            who wrote
 * @param text              the text as written (stored as given), may be empty when only files came
 * @param attachments       files, already downloaded
 * @param sentAt            when the provider says it was sent, or null
 * @param quickReplyPayload the payload of the quick reply the beneficiary picked, or null
 * @param inReplyTo         provider ids of earlier messages this one answers (e-mail threading), may be empty
 * @param metadata          channel facts worth keeping (subject, profile name, call status ...)
 */
public record InboundMessage(
        ChannelType channel,
        String externalId,
        Sender sender,
        String text,
        List<Attachment> attachments,
        Instant sentAt,
        String quickReplyPayload,
        List<String> inReplyTo,
        Map<String, String> metadata) {

    /**
     * Metadata key: files the adapter refused (over its channel's size or count limit), as a human-readable list;
     * the rules layer tells the beneficiary why. {@link #META_ATTACHMENT_LIMIT_BYTES} carries the limit.
     */
    public static final String META_ATTACHMENTS_REJECTED = "attachmentsRejected";
    public static final String META_ATTACHMENT_LIMIT_BYTES = "attachmentLimitBytes";
    /**
     * Metadata key, value {@code "true"}: this needs a person (a voicemail, a call-back request); the rules layer
     * does not answer it but hands the conversation to staff.
     */
    public static final String META_HANDOFF = "handoff";
    /**
     * Metadata key: a case reference the beneficiary quoted (e.g. {@code SR-2026-000123} in an e-mail subject); the
     * message joins that case's conversation when it is the sender's own.
     */
    public static final String META_CASE_REFERENCE = "caseReference";
    /**
     * Metadata key, {@code STOP} or {@code START}: the message is an opt-out keyword (the provider answers it
     * itself, as carriers require); nothing automatic answers it.
     */
    public static final String META_OPT_OUT = "optOut";

    public InboundMessage {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(externalId, "externalId");
        Objects.requireNonNull(sender, "sender");
        text = text == null ? "" : text;
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        inReplyTo = inReplyTo == null ? List.of() : List.copyOf(inReplyTo);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /** A plain text message. */
    public static InboundMessage text(ChannelType channel, String externalId, Sender sender, String text) {
        return new InboundMessage(channel, externalId, sender, text, List.of(), null, null, List.of(), Map.of());
    }
}
