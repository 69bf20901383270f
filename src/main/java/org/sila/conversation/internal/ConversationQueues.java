package org.sila.conversation.internal;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In-memory work queues of messages, one per conversation, each drained by at most one thread at a time: the
 * messages of a conversation are handled in order, different conversations in parallel. The store stays the truth
 * (every message's state is durable); these queues only spare the hot path from querying for work, and a periodic
 * sweep of the store refills them after a restart.
 *
 * @param <T> what the hub already has in hand for a message it queued itself (null for one the sweep found), so
 *            the worker need not read it back
 */
final class ConversationQueues<T> {

    /** Works on one message. */
    interface Worker<T> {
        /**
         * @param inHand what was queued with the message, or null
         * @return true when the message is done with (go on with the next); false to stop draining this
         * conversation, keeping the message first in line until {@link #wake} or a sweep resumes it
         */
        boolean process(String messageId, T inHand);
    }

    private static final Logger log = LoggerFactory.getLogger(ConversationQueues.class);

    private final Executor executor;
    private final Worker<T> worker;
    private final ConcurrentHashMap<String, Queue<T>> queues = new ConcurrentHashMap<>();

    ConversationQueues(Executor executor, Worker<T> worker) {
        this.executor = executor;
        this.worker = worker;
    }

    /** Adds a message behind those already waiting (once: a message already waiting keeps its place). */
    void enqueue(String conversationId, String messageId, T inHand) {
        startIfIdle(conversationId, messageId, inHand);
    }

    /** Resumes a conversation that stopped (a retry came due). */
    void wake(String conversationId) {
        startIfIdle(conversationId, null, null);
    }

    private void startIfIdle(String conversationId, String messageId, T inHand) {
        boolean[] start = {false};
        queues.compute(conversationId, (id, queue) -> {
            if (queue == null) {
                if (messageId == null) {
                    return null;
                }
                queue = new Queue<>();
            }
            if (messageId != null && (!queue.pending.containsKey(messageId) || inHand != null)) {
                queue.pending.put(messageId, inHand); // in hand beats read back; the place in line is kept
            }
            if (queue.draining && messageId == null) {
                queue.wakeWhileDraining = true; // a wake the drain must not miss should it be about to stop
            }
            if (!queue.draining && !queue.pending.isEmpty()) {
                queue.draining = true;
                start[0] = true;
            }
            return queue;
        });
        if (start[0]) {
            executor.execute(() -> drain(conversationId));
        }
    }

    private void drain(String conversationId) {
        while (true) {
            List<Map.Entry<String, T>> next = new ArrayList<>(1);
            queues.computeIfPresent(conversationId, (id, queue) -> {
                if (queue.pending.isEmpty()) {
                    return null; // idle and empty: forget the conversation
                }
                var first = queue.pending.entrySet().iterator().next();
                next.add(new AbstractMap.SimpleImmutableEntry<>(first.getKey(), first.getValue()));
                return queue;
            });
            if (next.isEmpty()) {
                return;
            }
            String current = next.get(0).getKey();
            boolean done = process(current, next.get(0).getValue());
            boolean[] stop = {false};
            queues.computeIfPresent(conversationId, (id, queue) -> {
                if (done) {
                    queue.pending.remove(current);
                    queue.wakeWhileDraining = false; // the drain goes on anyway
                    return queue;
                }
                // What was in hand went with the first try: a message put back is read from the store again.
                queue.pending.replace(current, null);
                if (queue.wakeWhileDraining) {
                    // The wake came while this drain still ran (the worker asks for one just before it returns
                    // false, and it may fire at once): go on, or no one would.
                    queue.wakeWhileDraining = false;
                    return queue;
                }
                queue.draining = false;
                stop[0] = true;
                return queue;
            });
            if (stop[0]) {
                return;
            }
        }
    }

    private boolean process(String messageId, T inHand) {
        try {
            return worker.process(messageId, inHand);
        } catch (RuntimeException e) {
            log.warn("Work on message {} failed; it stays queued: {}", messageId, e.toString(), e);
            return false;
        }
    }

    private static final class Queue<T> {
        final LinkedHashMap<String, T> pending = new LinkedHashMap<>();
        boolean draining;
        /** A {@link #wake} came while a drain ran: the drain goes on rather than stop. */
        boolean wakeWhileDraining;
    }
}
