package org.sila.conversation;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.sila.channel.ChannelType;
import org.sila.channel.DeliveryStatus;
import org.sila.channel.QuickReply;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One message in a conversation. For outbound messages this record is the outbox: it is stored {@code QUEUED}
 * before any provider is called and carries its attempts and next try until it is sent or has failed.
 *
 * @param externalId  the provider's id
 * @param externalKey {@code CHANNEL:externalId}, present once the provider id is known; unique, which makes inbound
 *                    idempotent (one field, so a sparse index serves: the embedded store has no partial indexes)
 * @param intent      for bot replies, the rules layer's intent id; {@code confidence} its score
 * @param handledAt   for inbound messages, when the rules layer finished with it (null: still to do)
 * @param handlingAttempts how often the rules layer took it up
 * @param leaseUntil  while a worker holds the message (handling or sending), until when
 * @param details     channel facts (inbound metadata, or what the provider said: segments, route taken)
 * @param workKey     the message's id while it waits for a worker (an inbound message to handle, an outbound one
 *                    to send); a worker claims it by removing the key in one atomic update. A single unique field,
 *                    because the embedded store uses an index only for a query on exactly its keys.
 */
@Document("messages")
public record Message(
        @Id String id,
        String conversationId,
        String beneficiaryId,
        Direction direction,
        ChannelType channel,
        String address,
        String externalId,
        String externalKey,
        String text,
        List<StoredAttachment> attachments,
        Author author,
        String intent,
        Double confidence,
        List<QuickReply> quickReplies,
        String quickReplyPayload,
        List<String> inReplyTo,
        boolean notification,
        DeliveryStatus status,
        String errorCode,
        String error,
        int attempts,
        Instant nextAttemptAt,
        Instant leaseUntil,
        Instant createdAt,
        Instant sentAt,
        Instant deliveredAt,
        Instant readAt,
        Instant handledAt,
        int handlingAttempts,
        Instant editedAt,
        Map<String, String> details,
        String workKey) {

    public static String externalKey(ChannelType channel, String externalId) {
        return externalId == null ? null : channel.name() + ":" + externalId;
    }

    public List<StoredAttachment> attachments() {
        return attachments == null ? List.of() : attachments;
    }

    public List<QuickReply> quickReplies() {
        return quickReplies == null ? List.of() : quickReplies;
    }

    public Map<String, String> details() {
        return details == null ? Map.of() : details;
    }
}
