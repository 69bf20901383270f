package org.sila.meta;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which message ids the hub itself just sent, so their echoes are not recorded a second time. Messenger echoes
 * carry the hub's marker anyway; Instagram's may not, and may even arrive before the Send API has answered, so
 * an echo to a recipient with a send in flight waits (briefly) for that send to finish.
 */
class SentLedger {

    private static final int REMEMBERED = 10_000;

    private final Map<String, Integer> inFlight = new HashMap<>();
    private final Map<String, Boolean> recent = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    };

    synchronized void begin(String recipient) {
        inFlight.merge(recipient, 1, Integer::sum);
    }

    synchronized void end(String recipient, List<String> sentIds) {
        sentIds.forEach(id -> recent.put(id, Boolean.TRUE));
        inFlight.computeIfPresent(recipient, (k, n) -> n > 1 ? n - 1 : null);
        notifyAll();
    }

    synchronized boolean sentByHub(String recipient, String externalId, Duration maxWait) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (!recent.containsKey(externalId) && inFlight.containsKey(recipient)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return recent.containsKey(externalId);
    }
}
