package org.sila.telegram;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.sila.channel.ConversationHistory;
import org.sila.channel.QuickReply;

/**
 * A quick reply's payload as a button's {@code callback_data}, which Telegram caps at 64 bytes. A payload that fits
 * travels as it is; a longer one (or one that could be taken for a digest) travels as {@code #} and a digest, and
 * is found again among the quick replies the hub offered in that chat.
 */
final class TelegramCallbackData {

    static final int MAX_BYTES = 64;
    private static final char DIGEST_MARK = '#';
    private static final int DIGEST_CHARS = 22;

    private TelegramCallbackData() {
    }

    static String encode(String payload) {
        String value = payload == null ? "" : payload;
        if (value.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES && !value.isEmpty()
                && value.charAt(0) != DIGEST_MARK) {
            return value;
        }
        return DIGEST_MARK + digest(value);
    }

    static boolean isDigest(String data) {
        return data != null && data.length() == DIGEST_CHARS + 1 && data.charAt(0) == DIGEST_MARK;
    }

    /** The payload a pressed button stands for: itself, or the offered quick reply whose digest it is. */
    static Optional<String> decode(String data, List<ConversationHistory.Entry> history) {
        if (!isDigest(data)) {
            return Optional.ofNullable(data);
        }
        for (int i = history.size() - 1; i >= 0; i--) {
            List<QuickReply> offered = history.get(i).quickReplies();
            if (offered == null) {
                continue;
            }
            for (QuickReply reply : offered) {
                if (data.equals(encode(reply.payload()))) {
                    return Optional.of(reply.payload());
                }
            }
        }
        return Optional.empty();
    }

    private static String digest(String value) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash).substring(0, DIGEST_CHARS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
