package org.sila.telegram;

import java.time.Duration;
import java.util.function.Supplier;

import org.sila.channel.ChannelSendException;
import org.sila.channel.SharedRateLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Telegram's sending limits for one bot: about 30 messages a second over all chats, and one a second per chat,
 * counted over every hub instance on the store. The overall turns are spaced evenly (no bursts), so no one-second
 * window holds more than the ceiling.
 */
final class TelegramRateLimits {

    private static final Logger log = LoggerFactory.getLogger(TelegramRateLimits.class);

    private final SharedRateLimits shared;
    private final String botKey;
    private final Duration overallInterval;
    private final Duration chatInterval;

    TelegramRateLimits(SharedRateLimits shared, String botId, int messagesPerSecond, Duration chatInterval) {
        this.shared = shared;
        this.botKey = "telegram:" + botId;
        this.overallInterval = Duration.ofNanos(1_000_000_000L / messagesPerSecond);
        this.chatInterval = chatInterval;
    }

    /** Takes the chat's turn now, or says how long until it comes. */
    Duration tryChat(String chatId) {
        return chatInterval.isZero() ? Duration.ZERO : storeCall(() -> shared.tryTake(chatKey(chatId), chatInterval));
    }

    /**
     * A message reached the chat: its next one goes no sooner than the interval from now. Never fails: the message
     * is with Telegram, and a send that failed after it would be sent again.
     */
    void chatSent(String chatId) {
        if (!chatInterval.isZero()) {
            try {
                shared.holdAfter(chatKey(chatId), chatInterval);
            } catch (RuntimeException e) {
                log.warn("Could not record the send to chat {} in the shared rate limits: {}", chatId, e.toString());
            }
        }
    }

    /** Waits for the chat's turn (the second part of a long message, which cannot go back to the queue). */
    void awaitChat(String chatId) throws InterruptedException {
        if (!chatInterval.isZero()) {
            sleep(storeCall(() -> shared.reserve(chatKey(chatId), chatInterval)));
        }
    }

    /**
     * Waits for a turn under the overall ceiling; the waits are short (1/30 s a message). A thread that comes to its
     * turn more than a turn late (a slow store, a loaded machine) books another: sending then would crowd the turns
     * booked after it, and a second could hold more than the ceiling.
     */
    void awaitOverall() throws InterruptedException {
        while (true) {
            Duration wait = storeCall(() -> shared.reserve(botKey, overallInterval));
            long due = System.nanoTime() + wait.toNanos();
            sleep(wait);
            if (System.nanoTime() - due <= overallInterval.toNanos()) {
                return;
            }
        }
    }

    /** The limits live in the store: while it cannot be reached, nothing is sent, and the message is tried later. */
    private static Duration storeCall(Supplier<Duration> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            throw ChannelSendException.retryable("RATE_LIMITS_UNREACHABLE",
                    "The shared rate limits could not be read: " + e.getMessage(), null, e);
        }
    }

    /** Drops the chat's turns (its address was erased). */
    void forgetChat(String chatId) {
        shared.forget(chatKey(chatId));
    }

    private String chatKey(String chatId) {
        return botKey + ":chat:" + chatId;
    }

    private static void sleep(Duration wait) throws InterruptedException {
        if (!wait.isZero() && !wait.isNegative()) {
            Thread.sleep(wait.toMillis(), (int) (wait.toNanos() % 1_000_000));
        }
    }
}
