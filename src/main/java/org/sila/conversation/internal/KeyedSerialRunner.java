package org.sila.conversation.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a drain task per key (a conversation) on an executor, never twice at once for one key, so messages of one
 * conversation are handled and sent in order while different conversations proceed in parallel. A request that
 * comes while the key's task runs makes it run once more, so no work is missed.
 */
class KeyedSerialRunner {

    private static final Logger log = LoggerFactory.getLogger(KeyedSerialRunner.class);

    private final Executor executor;
    /** Present while a key's task runs; TRUE when it must run once more. */
    private final ConcurrentHashMap<String, Boolean> running = new ConcurrentHashMap<>();

    KeyedSerialRunner(Executor executor) {
        this.executor = executor;
    }

    void submit(String key, Runnable drain) {
        boolean[] start = {false};
        running.compute(key, (k, rerun) -> {
            if (rerun == null) {
                start[0] = true;
                return Boolean.FALSE;
            }
            return Boolean.TRUE;
        });
        if (start[0]) {
            try {
                executor.execute(() -> loop(key, drain));
            } catch (RuntimeException e) {
                running.remove(key);
                throw e;
            }
        }
    }

    private void loop(String key, Runnable drain) {
        while (true) {
            try {
                drain.run();
            } catch (RuntimeException e) {
                // The work is durable: the periodic sweep tries again.
                log.warn("Work for {} failed; it will be retried: {}", key, e.toString(), e);
            }
            boolean[] again = {false};
            running.compute(key, (k, rerun) -> {
                if (Boolean.TRUE.equals(rerun)) {
                    again[0] = true;
                    return Boolean.FALSE;
                }
                return null;
            });
            if (!again[0]) {
                return;
            }
        }
    }
}
