package org.sila.channel;

import java.time.Duration;

/**
 * A provider's sending limits, counted over every hub instance on the store: two instances must not each send a
 * provider's whole allowance. A limit is a named key whose turns come at most once an {@code interval} (Telegram:
 * one turn a second per chat, one every 1/30 s per bot).
 */
public interface SharedRateLimits {

    /** Takes the key's turn now if it is free; otherwise takes nothing and says how long until it is. */
    Duration tryTake(String key, Duration interval);

    /**
     * Books the key's next turn, whoever holds the ones before it, and says how long until it comes (negative when
     * it has already begun); the caller waits that long and then sends.
     */
    Duration reserve(String key, Duration interval);

    /**
     * Keeps the key's next turn at least {@code interval} from now: called when a send has finished, since the
     * provider counts from when the message reached it, which may be well after the turn began.
     */
    void holdAfter(String key, Duration interval);

    /** Drops the key (its address was erased): its next use starts afresh. */
    void forget(String key);
}
