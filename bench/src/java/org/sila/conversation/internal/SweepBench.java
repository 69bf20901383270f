package org.sila.conversation.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.sila.conversation.Message;
import org.sila.store.BenchStores;
import org.sila.store.StoreAccess;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * What one sweep for unfinished messages costs on the embedded store on file, as the stored messages grow: with
 * the queries (a read of every message, holding the collection) and with the ids the message store keeps where it
 * is the store's only writer. Twenty of the messages are unfinished.
 *
 * <pre>./mvnw -q -Pbench test-compile exec:java -Dexec.mainClass=org.sila.conversation.internal.SweepBench \
 *     -Dexec.classpathScope=test -Dexec.args="20000 100000"</pre>
 */
public final class SweepBench {

    public static void main(String[] args) throws Exception {
        System.out.printf("%-10s %-26s %10s%n", "messages", "sweep", "ms (best of 3)");
        for (String arg : args.length == 0 ? new String[] {"20000", "100000"} : args) {
            int stored = Integer.parseInt(arg);
            Path file = Files.createTempDirectory("sila-sweep").resolve("sila.mv");
            MongoServer server = BenchStores.onFile(file);
            try (var client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort())) {
                MongoTemplate mongo = new MongoTemplate(client, "sila");
                fill(mongo, stored);
                for (boolean sole : new boolean[] {false, true}) {
                    MessageStore messages = new MessageStore(mongo, new StoreAccess(sole));
                    long best = Long.MAX_VALUE;
                    for (int round = 0; round < 3; round++) {
                        long t0 = System.nanoTime();
                        Instant now = Instant.now();
                        messages.heldByNoneOf(MessageStore.Unfinished.INBOUND, List.of("this-run"));
                        messages.unhandled(now, 1000);
                        messages.heldByNoneOf(MessageStore.Unfinished.OUTBOUND, List.of("this-run"));
                        int found = messages.queued(1000).size();
                        best = Math.min(best, System.nanoTime() - t0);
                        if (found != 10) {
                            throw new IllegalStateException("found " + found + " queued, not 10");
                        }
                    }
                    System.out.printf("%-10d %-26s %10.1f%n", stored, sole ? "kept ids (sole writer)" : "queries",
                            best / 1e6);
                }
            } finally {
                server.shutdown();
            }
        }
    }

    /** Finished messages, and ten unfinished each way, as the hub stores them. */
    private static void fill(MongoTemplate mongo, int stored) {
        Instant at = Instant.now().minus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS);
        List<Document> batch = new ArrayList<>();
        for (int i = 0; i < stored; i++) {
            boolean in = i % 2 == 0;
            boolean unfinished = (i / 2) % (stored / 20) == 0;
            Document m = new Document("_id", new ObjectId()).append("conversationId", "c" + i % 5000)
                    .append("beneficiaryId", "b" + i % 5000).append("direction", in ? "IN" : "OUT")
                    .append("channel", "WHATSAPP").append("address", "+9665" + i % 5000)
                    .append("text", "السلام عليكم، متى موعد توزيع السلال الغذائية؟ " + i)
                    .append("author", new Document("type", in ? "BENEFICIARY" : "BOT"))
                    .append("notification", false).append("attempts", 0).append("handlingAttempts", 0)
                    .append("createdAt", java.util.Date.from(at.plusSeconds(i)))
                    .append("status", in ? "DELIVERED" : unfinished ? "QUEUED" : "SENT");
            if (in && !unfinished) {
                m.append("handledAt", java.util.Date.from(at.plusSeconds(i + 1)));
            }
            batch.add(m);
            if (batch.size() == 5000) {
                mongo.getCollection("messages").insertMany(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            mongo.getCollection("messages").insertMany(batch);
        }
    }
}
