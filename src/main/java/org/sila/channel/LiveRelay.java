package org.sila.channel;

import java.util.function.Consumer;

/**
 * Live updates for streams that another hub instance holds. A visitor's web chat stream or a console page is open on
 * one instance, while the reply or the change may be made on another: what a stream shows locally is also handed
 * here, and every other instance on the store gets it and shows it on its own streams. Best effort and live only:
 * what a stream misses, the page reads from the history when it reconnects.
 */
public interface LiveRelay {

    /** Hands {@code update} (a record of plain data) to the {@code topic}'s listeners on every other instance. */
    void publish(String topic, Object update);

    /** Listens to the {@code topic}'s updates from other instances, read back as {@code type}. */
    <T> void subscribe(String topic, Class<T> type, Consumer<T> listener);

    /**
     * Withdraws the {@code topic}'s updates this and other instances have not yet cleaned up whose {@code field} is
     * {@code value} (an erased address: what was said there must not outlive the erasure in the relay).
     */
    void withdraw(String topic, String field, String value);
}
