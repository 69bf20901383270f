package org.sila.conversation;

import java.time.Instant;

import org.sila.channel.ChannelType;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One channel address of a beneficiary: a Telegram chat, a phone on SMS or WhatsApp, an email, a web chat visitor.
 * The id is {@code CHANNEL:address}, which makes resolving an address to its beneficiary a single atomic upsert.
 */
@Document("identities")
public record Identity(@Id String id, ChannelType channel, String address, String beneficiaryId,
                       String displayName, boolean unreachable, String unreachableReason, boolean optedOut,
                       Instant createdAt) {

    public static String key(ChannelType channel, String address) {
        return channel.name() + ":" + address;
    }
}
