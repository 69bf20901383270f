package org.sila.telegram;

import java.time.Duration;

import org.sila.channel.SharedRateLimits;

/**
 * Telegram's sending limits for one bot: about 30 messages a second over all chats, and one a second per chat,
 * counted over every hub instance on the store. The overall turns are spaced evenly (no bursts), so no one-second
 * window holds more than the ceiling.
 */
final class TelegramRateLimits {

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
        return chatInterval.isZero() ? Duration.ZERO : shared.tryTake(chatKey(chatId), chatInterval);
    }

    /** A message reached the chat: its next one goes no sooner than the interval from now. */
    void chatSent(String chatId) {
        if (!chatInterval.isZero()) {
            shared.holdAfter(chatKey(chatId), chatInterval);
        }
    }

    /** Waits for the chat's turn (the second part of a long message, which cannot go back to the queue). */
    void awaitChat(String chatId) throws InterruptedException {
        if (!chatInterval.isZero()) {
            sleep(shared.reserve(chatKey(chatId), chatInterval));
        }
    }

    /**
     * Waits for a turn under the overall ceiling; the waits are short (1/30 s a message). A thread that comes to its
     * turn more than a turn late (a slow store, a loaded machine) books another: sending then would crowd the turns
     * booked after it, and a second could hold more than the ceiling.
     */
    void awaitOverall() throws InterruptedException {
        while (true) {
            Duration wait = shared.reserve(botKey, overallInterval);
            long due = System.nanoTime() + wait.toNanos();
            sleep(wait);
            if (System.nanoTime() - due <= overallInterval.toNanos()) {
                return;
            }
        }
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
