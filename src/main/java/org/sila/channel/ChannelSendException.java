package org.sila.channel;

import java.time.Duration;

/**
 * A send that did not go through. {@link #isRetryable() Retryable} failures (timeouts, 429, 5xx) go back to the
 * outbox and are tried again with backoff; the others fail the message at once with the provider's code and
 * message, which staff see.
 */
public class ChannelSendException extends RuntimeException {

    private final boolean retryable;
    private final String code;
    private final Duration retryAfter;
    private final boolean recipientUnreachable;

    private ChannelSendException(String message, Throwable cause, boolean retryable, String code,
                                 Duration retryAfter, boolean recipientUnreachable) {
        super(message, cause);
        this.retryable = retryable;
        this.code = code;
        this.retryAfter = retryAfter;
        this.recipientUnreachable = recipientUnreachable;
    }

    /** Worth trying again later; {@code retryAfter} (may be null) is the provider's own hint. */
    public static ChannelSendException retryable(String code, String message, Duration retryAfter, Throwable cause) {
        return new ChannelSendException(message, cause, true, code, retryAfter, false);
    }

    /** Will never succeed as it is: invalid number, rejected content, unknown recipient. */
    public static ChannelSendException permanent(String code, String message, Throwable cause) {
        return new ChannelSendException(message, cause, false, code, null, false);
    }

    /** The recipient cannot be reached on this channel any more (blocked the bot, unsubscribed). */
    public static ChannelSendException unreachable(String code, String message) {
        return new ChannelSendException(message, null, false, code, null, true);
    }

    public boolean isRetryable() {
        return retryable;
    }

    public String code() {
        return code;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    public boolean isRecipientUnreachable() {
        return recipientUnreachable;
    }
}
