package org.sila.conversation.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.mongodb.bulk.BulkWriteError;
import org.springframework.data.mongodb.BulkOperationException;
import org.springframework.data.mongodb.core.BulkOperations.BulkMode;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Updates of one collection that many workers make at once, sent to the store together: each caller waits for its
 * own update as it would alone (so "recorded" still means stored), but callers that come while a batch is on its
 * way share the next round trip and the store's next commit. Under load batches grow; alone, a caller waits for
 * one ordinary update.
 */
final class GroupedWrites implements AutoCloseable {

    private record Pending(Query query, Update update, CompletableFuture<Void> done) {
    }

    private final MongoTemplate mongo;
    private final Class<?> type;
    private final String collection;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean open = true;

    GroupedWrites(MongoTemplate mongo, Class<?> type, String collection, String name) {
        this.mongo = mongo;
        this.type = type;
        this.collection = collection;
        this.writer = new Thread(this::run, name);
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** Applies {@code update} to the first document matching {@code query}, returning once it is stored. */
    void updateFirst(Query query, Update update) {
        if (!open) {
            mongo.updateFirst(query, update, type, collection); // closing: no batching, no waiting on the writer
            return;
        }
        var pending = new Pending(query, update, new CompletableFuture<>());
        queue.add(pending);
        while (true) {
            try {
                pending.done().get(1, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e);
            } catch (TimeoutException e) {
                if (!writer.isAlive() && queue.remove(pending)) {
                    writeAlone(pending); // came as the writer stopped
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for a store write", e);
            }
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        while (open || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
            } catch (InterruptedException e) {
                continue; // only close() stops the writer, once the queue is empty
            }
            queue.drainTo(batch);
            write(batch);
            batch.clear();
        }
    }

    private void write(List<Pending> batch) {
        if (batch.isEmpty()) {
            return;
        }
        if (batch.size() == 1) {
            writeAlone(batch.get(0));
            return;
        }
        var bulk = mongo.bulkOps(BulkMode.UNORDERED, type, collection);
        batch.forEach(p -> bulk.updateOne(p.query(), p.update()));
        try {
            bulk.execute();
            batch.forEach(p -> p.done().complete(null));
        } catch (BulkOperationException e) {
            // Unordered: the others were applied; those that failed are tried alone so each caller gets its error.
            List<Integer> failed = e.getErrors().stream().map(BulkWriteError::getIndex).toList();
            for (int i = 0; i < batch.size(); i++) {
                if (failed.contains(i)) {
                    writeAlone(batch.get(i));
                } else {
                    batch.get(i).done().complete(null);
                }
            }
        } catch (RuntimeException e) {
            batch.forEach(this::writeAlone);
        }
    }

    private void writeAlone(Pending pending) {
        try {
            mongo.updateFirst(pending.query(), pending.update(), type, collection);
            pending.done().complete(null);
        } catch (RuntimeException e) {
            pending.done().completeExceptionally(e);
        }
    }

    /** Writes what is waiting, then stops; later callers write alone. */
    @Override
    public void close() {
        open = false;
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
