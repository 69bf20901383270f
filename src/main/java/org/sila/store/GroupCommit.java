package org.sila.store;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Makes writes durable together: a writer that finished its change in memory waits until a flush that began after
 * it has completed. One writer flushes at a time, for everybody who arrived before that flush began, so concurrent
 * writers share one commit and one sync instead of queueing for one each.
 */
final class GroupCommit {

    private final Runnable flush;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition flushed = lock.newCondition();
    /** Writes finished in memory, counted. */
    private long requested;
    /** Of those, how many a completed flush has made durable. */
    private long durable;
    private boolean flushing;

    GroupCommit(Runnable flush) {
        this.flush = flush;
    }

    /** Call after a write is applied in memory; returns once it is durable (or throws what the flush threw). */
    void awaitDurable() {
        lock.lock();
        try {
            long ticket = ++requested;
            while (durable < ticket) {
                if (flushing) {
                    flushed.awaitUninterruptibly();
                    continue;
                }
                flushing = true;
                long upTo = requested;
                boolean done = false;
                lock.unlock();
                try {
                    flush.run();
                    done = true;
                } finally {
                    lock.lock();
                    flushing = false;
                    if (done) {
                        durable = Math.max(durable, upTo);
                    }
                    flushed.signalAll();
                }
            }
        } finally {
            lock.unlock();
        }
    }
}
