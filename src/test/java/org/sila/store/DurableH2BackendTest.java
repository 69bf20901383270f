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

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import org.bson.Document;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

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
