package org.sila.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The embedded store's backend: what it acknowledged is in the file, and readers never see a document change. */
class DurableH2BackendTest {

    @TempDir
    Path dir;

    /**
     * A copy of the file taken right after a write was acknowledged is what a process killed at that moment leaves
     * behind: it must hold the write. (With {@code new H2Backend(path)} most copies miss the latest writes.)
     */
    @Test
    void everyAcknowledgedWriteIsInTheFileBeforeItsReply() throws Exception {
        Path file = dir.resolve("store.mv");
        List<String> missing = new ArrayList<>();
        try (var store = new Running(DurableH2Backend.open(file))) {
            MongoCollection<Document> messages = store.collection();
            for (int i = 0; i < 40; i++) {
                String id = "m" + i;
                messages.insertOne(new Document("_id", id).append("text", "مرحبا " + i));
                messages.updateOne(Filters.eq("_id", id), Updates.set("handled", true));
                Path copy = Files.copy(file, dir.resolve("copy-" + i + ".mv"), StandardCopyOption.REPLACE_EXISTING);
                MVStore crashed = new MVStore.Builder().fileName(copy.toString()).readOnly().open();
                try {
                    // H2Backend's own map name: the file stays readable by the library's backend
                    var stored = crashed.<Object, de.bwaldvogel.mongo.bson.Document>openMap("databases.sila.messages")
                            .get(id);
                    if (stored == null || !Boolean.TRUE.equals(stored.get("handled"))) {
                        missing.add(id);
                    }
                } finally {
                    crashed.close();
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    /**
     * One document read on some connections while another updates it: a reply must never share the stored object
     * that the update changes (the encoder fails on it and drops the connection, and the driver's call fails).
     */
    @Test
    void aDocumentReadWhileItIsUpdatedIsAlwaysAnswered() throws Exception {
        // In memory: the copying is the same, without waiting for a disk
        try (var store = new Running(new DurableH2Backend(new MVStore.Builder().open()))) {
            MongoCollection<Document> messages = store.collection();
            Document message = new Document("_id", "m").append("attempts", 0);
            for (int f = 0; f < 300; f++) {
                message.append("detail" + f, "نص " + f); // a large document takes long to encode
            }
            messages.insertOne(message);
            AtomicBoolean done = new AtomicBoolean();
            ExecutorService threads = Executors.newFixedThreadPool(4);
            try {
                Future<?> writer = threads.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        messages.updateOne(Filters.eq("_id", "m"), i % 2 == 0
                                ? Updates.combine(Updates.inc("attempts", 1), Updates.set("lease" + i % 7, i))
                                : Updates.combine(Updates.inc("attempts", 1), Updates.unset("lease" + (i - 1) % 7)));
                    }
                    done.set(true);
                    return null;
                });
                List<Future<?>> readers = new ArrayList<>();
                for (int r = 0; r < 3; r++) {
                    readers.add(threads.submit(() -> {
                        while (!done.get()) {
                            assertThat(messages.find(Filters.eq("_id", "m")).first()).isNotNull();
                        }
                        return null;
                    }));
                }
                writer.get();
                for (Future<?> reader : readers) {
                    reader.get();
                }
            } finally {
                threads.shutdownNow();
            }
            assertThat(messages.find(Filters.eq("_id", "m")).first().getInteger("attempts")).isEqualTo(500);
        }
    }

    /**
     * Index keys keep the order the library's backend gives them, so a store file written by either backend is read
     * by the other: every document is found by {@code _id} and by a unique key, and a duplicate is still refused.
     */
    @Test
    void aFileWrittenByEitherBackendIsReadAndGuardedByTheOther() {
        Path libraryFile = dir.resolve("library.mv");
        Path durableFile = dir.resolve("durable.mv");
        fill(new H2Backend(libraryFile.toString()));
        fill(DurableH2Backend.open(durableFile));
        assertEveryKeyFoundAndGuarded(DurableH2Backend.open(libraryFile));
        assertEveryKeyFoundAndGuarded(new H2Backend(durableFile.toString()));
        assertEveryKeyFoundAndGuarded(DurableH2Backend.open(durableFile));
    }

    /**
     * A document's bytes are kept once written, while the library applies an update to the stored object itself:
     * every update must still reach the file, as the library's own backend reads it.
     */
    @Test
    void everyUpdateOfAStoredDocumentReachesTheFile() {
        Path file = dir.resolve("updated.mv");
        List<Document> expected;
        try (var store = new Running(DurableH2Backend.open(file))) {
            MongoCollection<Document> messages = store.collection();
            for (int i = 0; i < 100; i++) {
                messages.insertOne(new Document("_id", "m" + i).append("status", "QUEUED").append("attempts", 0)
                        .append("lease", "run-1"));
            }
            for (int round = 1; round <= 3; round++) {
                for (int i = 0; i < 100; i += round) {
                    messages.updateOne(Filters.eq("_id", "m" + i), Updates.combine(Updates.inc("attempts", 1),
                            Updates.set("status", "SENT-" + round), Updates.unset("lease")));
                }
            }
            messages.findOneAndUpdate(Filters.eq("_id", "m7"), Updates.set("status", "DELIVERED"));
            messages.replaceOne(Filters.eq("_id", "m8"), new Document("status", "FAILED").append("attempts", 9));
            messages.updateOne(Filters.eq("_id", "m100"), Updates.set("status", "QUEUED"),
                    new UpdateOptions().upsert(true));
            messages.deleteOne(Filters.eq("_id", "m9"));
            expected = messages.find().into(new ArrayList<>());
        }
        assertThat(expected).hasSize(100).anyMatch(d -> d.get("status").equals("SENT-3"));
        try (var reopened = new Running(new H2Backend(file.toString()))) {
            assertThat(reopened.collection().find().into(new ArrayList<>())).isEqualTo(expected);
        }
    }

    private static final int KEYED = 300;

    private static void fill(MongoBackend backend) {
        try (var store = new Running(backend)) {
            MongoCollection<Document> messages = store.collection();
            messages.createIndex(Indexes.ascending("channel", "externalId"), new IndexOptions().unique(true));
            for (int i = 0; i < KEYED; i++) {
                // Ids of mixed kinds and lengths: their serialized forms order differently from their values
                Object id = i % 3 == 0 ? new ObjectId() : i % 3 == 1 ? "m-" + (i * 7919 % 1000) : (long) i * 104729;
                messages.insertOne(new Document("_id", id).append("channel", i % 2 == 0 ? "SMS" : "TELEGRAM")
                        .append("externalId", "x" + (i * 31 % 977)).append("text", "رسالة " + i));
            }
        }
    }

    private static void assertEveryKeyFoundAndGuarded(MongoBackend backend) {
        try (var store = new Running(backend)) {
            MongoCollection<Document> messages = store.collection();
            List<Document> all = messages.find().into(new ArrayList<>());
            assertThat(all).hasSize(KEYED);
            for (Document stored : all) {
                assertThat(messages.find(Filters.eq("_id", stored.get("_id"))).first()).isEqualTo(stored);
                assertThat(messages.find(Filters.and(Filters.eq("channel", stored.get("channel")),
                        Filters.eq("externalId", stored.get("externalId")))).first()).isEqualTo(stored);
            }
            Document first = all.get(0);
            assertThatThrownBy(() -> messages.insertOne(new Document("_id", first.get("_id"))))
                    .isInstanceOf(MongoWriteException.class);
            assertThatThrownBy(() -> messages.insertOne(new Document("channel", first.get("channel"))
                    .append("externalId", first.get("externalId")))).isInstanceOf(MongoWriteException.class);
            assertThat(messages.countDocuments()).isEqualTo(KEYED);
        }
    }

    /** An embedded server on a free port with a driver connected to it. */
    private static final class Running implements AutoCloseable {
        final MongoServer server;
        final MongoClient client;

        Running(MongoBackend backend) {
            server = new MongoServer(backend);
            var address = server.bind();
            // No retried reads: a reply the server failed to send must show as a failed call.
            client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort() + "/?retryReads=false");
        }

        MongoCollection<Document> collection() {
            return client.getDatabase("sila").getCollection("messages");
        }

        @Override
        public void close() {
            client.close();
            server.shutdownNow();
        }
    }
}
