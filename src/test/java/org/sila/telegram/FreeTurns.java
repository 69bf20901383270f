package org.sila.telegram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.sila.channel.SharedRateLimits;

/** Shared rate limits whose every turn is free at once, for tests that are not about pacing; keeps what it forgot. */
final class FreeTurns implements SharedRateLimits {

    final List<String> forgotten = new ArrayList<>();

    @Override
    public Duration tryTake(String key, Duration interval) {
        return Duration.ZERO;
    }

    @Override
    public Duration reserve(String key, Duration interval) {
        return Duration.ZERO;
    }

    @Override
    public void holdAfter(String key, Duration interval) {
    }

    @Override
    public void forget(String key) {
        forgotten.add(key);
    }
}
