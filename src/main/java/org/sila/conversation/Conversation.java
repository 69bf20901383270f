package org.sila.conversation;

import java.time.Instant;

import org.sila.channel.ChannelType;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * An exchange with a beneficiary on one channel address, from the first message until it is resolved. A message
 * after that opens a new conversation.
 *
 * @param openKey {@code CHANNEL:address} while the conversation is open, absent once resolved; a unique index on
 *                it keeps one open conversation per address even when messages race
 * @param lastInboundExternalId the provider's id of the latest inbound message (replies thread to it)
 */
@Document("conversations")
public record Conversation(@Id String id, String beneficiaryId, ChannelType channel, String address,
                           String openKey, ConversationStatus status, String assignee,
                           Instant createdAt, Instant updatedAt, Instant lastMessageAt, Instant lastInboundAt,
                           String lastInboundExternalId, Instant resolvedAt) {
}
