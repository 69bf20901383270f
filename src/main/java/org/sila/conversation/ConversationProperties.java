package org.sila.conversation;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the pipeline works its queues.
 *
 * @param maxAttempts        sends of one outbound message before it is {@code FAILED}
 * @param initialBackoff     wait before the second try; it doubles each try up to {@code maxBackoff}
 * @param maxBackoff         the longest wait between tries
 * @param sweepInterval      how often the store is swept for work the in-memory queues lack (after a restart, a
 *                           lost wake-up); the hot path never waits for it
 * @param lease              how long a worker may hold a message before another may take it (a crash mid-send)
 * @param maxAttachmentBytes the largest file the store keeps, whatever the channel
 */
@ConfigurationProperties("sila.pipeline")
public record ConversationProperties(
        @DefaultValue("8") int maxAttempts,
        @DefaultValue("2s") Duration initialBackoff,
        @DefaultValue("10m") Duration maxBackoff,
        @DefaultValue("30s") Duration sweepInterval,
        @DefaultValue("2m") Duration lease,
        @DefaultValue("16000000") long maxAttachmentBytes) {

    /** The wait after the {@code attempts}-th failed try. */
    public Duration backoff(int attempts) {
        long millis = initialBackoff.toMillis() << Math.min(Math.max(attempts - 1, 0), 30);
        return millis <= 0 || millis > maxBackoff.toMillis() ? maxBackoff : Duration.ofMillis(millis);
    }
}
