package org.sila.channel;

import java.time.Instant;
import java.util.List;

/**
 * Read access to what was said with one channel address, for adapters whose channel shows the history itself
 * (the web chat widget). Private staff notes are never part of it.
 */
public interface ConversationHistory {

    /** The messages exchanged with {@code address} on {@code channel}, oldest first. */
    List<Entry> history(ChannelType channel, String address);

    /**
     * @param direction {@code IN} (from the beneficiary) or {@code OUT} (to them)
     * @param author    {@code beneficiary}, {@code bot} or {@code staff}
     * @param intent    the rules layer's intent id for bot replies, else null
     * @param files     the files sent with an outbound message, in order (their bytes through {@link OutboundFiles})
     */
    record Entry(String id, String direction, String text, String author, String intent,
                 List<QuickReply> quickReplies, DeliveryStatus status, Instant createdAt, List<FileRef> files) {

        public Entry {
            files = files == null ? List.of() : List.copyOf(files);
        }
    }

    /** A file as the history names it. */
    record FileRef(String fileName, String contentType, long size) {
    }
}
