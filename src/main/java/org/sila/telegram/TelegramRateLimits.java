package org.sila.telegram;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

/**
 * Telegram's sending limits as token buckets: about 30 messages a second over all chats, and one a second per
 * chat. The overall bucket is spaced evenly (no bursts), so no one-second window ever holds more than the ceiling.
 */
final class TelegramRateLimits {

    private static final int MAX_CHATS = 100_000;

    private final Bucket overall;
    /** When the last {@code messagesPerSecond} sends started (nanoTime), oldest at {@code next}. */
    private final long[] recent;
    private int next;
    private final Duration chatInterval;
    private final Map<String, Bucket> chats = Collections.synchronizedMap(
            new LinkedHashMap<>(1024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                    return size() > MAX_CHATS;
                }
            });

    TelegramRateLimits(int messagesPerSecond, Duration chatInterval) {
        this.overall = Bucket.builder().addLimit(Bandwidth.builder().capacity(1)
                .refillGreedy(1, Duration.ofNanos(1_000_000_000L / messagesPerSecond)).build()).build();
        this.chatInterval = chatInterval;
        this.recent = new long[messagesPerSecond];
    }

    /** Takes the chat's turn now, or says how long until it comes. */
    Duration tryChat(String chatId) {
        if (chatInterval.isZero()) {
            return Duration.ZERO;
        }
        ConsumptionProbe probe = chat(chatId).tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? Duration.ZERO : Duration.ofNanos(probe.getNanosToWaitForRefill());
    }

    /** Waits for the chat's turn (the second part of a long message, which cannot go back to the queue). */
    void awaitChat(String chatId) throws InterruptedException {
        if (!chatInterval.isZero()) {
            chat(chatId).asBlocking().consume(1);
        }
    }

    /**
     * Waits for a slot under the overall ceiling; the waits are short (1/30 s a message). Besides the even spacing,
     * the last {@code messagesPerSecond} sends are remembered, so a thread that was held up (a loaded machine, a
     * pause) cannot make a second hold more than the ceiling.
     */
    void awaitOverall() throws InterruptedException {
        overall.asBlocking().consume(1);
        synchronized (recent) {
            long wait = recent[next] + 1_000_000_000L - System.nanoTime();
            if (recent[next] != 0 && wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            recent[next] = System.nanoTime();
            next = (next + 1) % recent.length;
        }
    }

    private Bucket chat(String chatId) {
        return chats.computeIfAbsent(chatId, id -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(1).refillGreedy(1, chatInterval).build()).build());
    }
}
