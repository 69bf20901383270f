package org.sila.channel;

import java.util.Optional;

/**
 * Durable positions for adapters that pull from their provider (an IMAP folder's UIDVALIDITY and last UID, a
 * polling offset), so that after downtime they resume where they stopped: nothing skipped, nothing taken twice.
 * Adapters keep nothing else in the store.
 */
public interface CursorStore {

    Optional<String> get(String key);

    void put(String key, String value);
}
