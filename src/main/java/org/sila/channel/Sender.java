package org.sila.channel;

import java.util.Objects;

/**
 * Who wrote, as the channel knows them.
 *
 * @param address     the channel address: a Telegram chat id, an E.164 phone, an email address, a web chat session
 * @param displayName the name the channel shows, when it has one
 * @param phone       a phone number in E.164 the channel vouches belongs to this sender (SMS/WhatsApp/voice
 *                    callers, a Telegram contact the user shared of themselves); null otherwise. It links the
 *                    sender to the same beneficiary on every other channel.
 * @param language    the sender's language when the channel tells it (ISO 639-1), else null
 */
public record Sender(String address, String displayName, String phone, String language) {

    public Sender {
        Objects.requireNonNull(address, "address");
    }

    public static Sender of(String address) {
        return new Sender(address, null, null, null);
    }
}
