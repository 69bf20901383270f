package org.sila.announce;

import java.time.Instant;

import org.sila.channel.ChannelType;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One beneficiary of an announcement and where their copy stands. The id is {@code announcementId:beneficiaryId},
 * so a beneficiary is on an announcement's list once, whatever happens.
 *
 * @param messageId  the outbox message of their copy, once queued
 * @param leaseUntil while a worker is queuing their copy: after that another may take over (the worker died)
 * @param reason     why skipped (OPTED_OUT, NO_ADDRESS) or failed (the provider's error)
 */
@Document("announcement_recipients")
public record Recipient(@Id String id, String announcementId, String beneficiaryId, State state, ChannelType channel,
                        String messageId, String fallbackMessageId, Instant leaseUntil, String reason,
                        Instant updatedAt) {

    public enum State {
        PENDING, CLAIMED, QUEUED, SENT, DELIVERED, FAILED, SKIPPED
    }

    static String key(String announcementId, String beneficiaryId) {
        return announcementId + ":" + beneficiaryId;
    }
}
