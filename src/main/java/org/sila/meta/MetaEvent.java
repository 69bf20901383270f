package org.sila.meta;

import java.time.Instant;
import java.util.List;

import org.sila.channel.ChannelType;
import org.sila.channel.SharedContent;

/** One thing a webhook delivery told the hub, already read out of Meta's JSON. */
sealed interface MetaEvent {

    ChannelType channel();

    /** A file or link the beneficiary sent: {@code image}, {@code audio}, {@code video}, {@code file}, ... */
    record SharedItem(String type, String url) {

        boolean isFile() {
            return url != null && List.of("image", "audio", "video", "file").contains(type);
        }
    }

    /** A message, quick-reply pick or button press (postback) from a beneficiary. */
    record Incoming(ChannelType channel, String externalId, String senderId, String text, String payload,
                    List<SharedItem> items, Instant sentAt, String replyTo, SharedContent content)
            implements MetaEvent {
    }

    /** The association's own account sent this (from the hub, Meta's inbox, or another app). */
    record Echo(ChannelType channel, String externalId, String recipientId, String text, String appId,
                String metadata, List<SharedItem> items, Instant sentAt) implements MetaEvent {
    }

    /** @param senderId who edits: only their own message changes */
    record Edit(ChannelType channel, String externalId, String senderId, String text) implements MetaEvent {
    }

    /** Delivery or read receipt: by message ids when Meta names them, else by watermark. */
    record Receipt(ChannelType channel, String userId, boolean read, List<String> externalIds, Instant watermark)
            implements MetaEvent {
    }
}
