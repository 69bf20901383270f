package org.sila.conversation.internal;

import java.util.LinkedHashSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In-memory work queues of message ids, one per conversation, each drained by at most one thread at a time: the
 * messages of a conversation are handled in order, different conversations in parallel. The store stays the truth
 * (every message's state is durable); these queues only spare the hot path from querying for work — the
 * embedded store has no secondary indexes — and a periodic sweep of the store refills them after a restart.
 */
final class ConversationQueues {

    /** Works on one message. */
    interface Worker {
        /**
         * @return true when the message is done with (go on with the next); false to stop draining this
         * conversation, keeping the message first in line until {@link #wake} or a sweep resumes it
         */
        boolean process(String messageId);
    }

    private static final Logger log = LoggerFactory.getLogger(ConversationQueues.class);

    private final Executor executor;
    private final Worker worker;
    private final ConcurrentHashMap<String, Queue> queues = new ConcurrentHashMap<>();

    ConversationQueues(Executor executor, Worker worker) {
        this.executor = executor;
        this.worker = worker;
    }

    /** Adds a message behind those already waiting (once: a message already waiting keeps its place). */
    void enqueue(String conversationId, String messageId) {
        startIfIdle(conversationId, messageId);
    }

    /** Resumes a conversation that stopped (a retry came due). */
    void wake(String conversationId) {
        startIfIdle(conversationId, null);
    }

    private void startIfIdle(String conversationId, String messageId) {
        boolean[] start = {false};
        queues.compute(conversationId, (id, queue) -> {
            if (queue == null) {
                if (messageId == null) {
                    return null;
                }
                queue = new Queue();
            }
            if (messageId != null) {
                queue.pending.add(messageId);
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
            String[] next = {null};
            queues.computeIfPresent(conversationId, (id, queue) -> {
                if (queue.pending.isEmpty()) {
                    return null; // idle and empty: forget the conversation
                }
                next[0] = queue.pending.iterator().next();
                return queue;
            });
            if (next[0] == null) {
                return;
            }
            boolean done = process(next[0]);
            boolean[] stop = {false};
            String current = next[0];
            queues.computeIfPresent(conversationId, (id, queue) -> {
                if (done) {
                    queue.pending.remove(current);
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

    private boolean process(String messageId) {
        try {
            return worker.process(messageId);
        } catch (RuntimeException e) {
            log.warn("Work on message {} failed; it stays queued: {}", messageId, e.toString(), e);
            return false;
        }
    }

    private static final class Queue {
        final LinkedHashSet<String> pending = new LinkedHashSet<>();
        boolean draining;
    }
}
