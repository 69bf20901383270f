package org.sila.channel;

import java.util.Optional;

/**
 * The files of messages the hub sends, for adapters whose provider fetches a file by link (Twilio, Meta) or whose
 * visitor downloads it (web chat). Implemented by the conversation store; only outbound messages' files are found.
 */
public interface OutboundFiles {

    /** File {@code index} (from 0, in the order of {@link OutboundMessage#attachments()}) of message {@code messageId}. */
    Optional<OutboundFile> file(String messageId, int index);

    /**
     * @param channel   the channel the message went out on
     * @param recipient the channel address it went to (a web chat session, a phone number ...)
     */
    record OutboundFile(ChannelType channel, String recipient, Attachment attachment) {
    }
}
