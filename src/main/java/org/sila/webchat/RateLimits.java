package org.sila.webchat;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

/**
 * Token buckets by key (a session, a client's address): {@code burst} at once, {@code refill} more per
 * {@code period}. The least recently used keys are forgotten first when there are very many.
 */
final class RateLimits {

    private static final int MAX_KEYS = 100_000;

    private final Map<String, Bucket> buckets = Collections.synchronizedMap(
            new LinkedHashMap<>(1024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                    return size() > MAX_KEYS;
                }
            });
    private final int burst;
    private final int refill;
    private final Duration period;

    RateLimits(int burst, int refill, Duration period) {
        this.burst = burst;
        this.refill = refill;
        this.period = period;
    }

    /** Takes one for {@code key}: 0 when allowed, otherwise the whole seconds to wait (at least 1). */
    long take(String key) {
        ConsumptionProbe probe = buckets.computeIfAbsent(key, k -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(burst).refillGreedy(refill, period).build())
                .build()).tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return 0;
        }
        return Math.max(1, (long) Math.ceil(probe.getNanosToWaitForRefill() / 1e9));
    }
}
