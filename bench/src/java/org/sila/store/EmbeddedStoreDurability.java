package org.sila.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.Document;

/**
 * What "acknowledged means on disk" costs on the embedded store, through the driver as the hub uses it: per-write
 * latency and writes/s of the library's own H2Backend (background commit once a second) against DurableH2Backend
 * (commit and sync before each reply, shared by concurrent writers), then the file's size over many commits with
 * MVStore's default retention (45 s) and the one DurableH2Backend uses.
 *
 * <pre>./mvnw -q -Pbench test-compile exec:java -Dexec.mainClass=org.sila.store.EmbeddedStoreDurability -Dexec.classpathScope=test</pre>
 * Options: {@code -Dwrites=2000} per run, {@code -Dgrowth=20000} writes in the file-size run.
 */
public final class EmbeddedStoreDurability {

    public static void main(String[] args) throws Exception {
        int writes = Integer.getInteger("writes", 2_000);
        int growth = Integer.getInteger("growth", 20_000);
        Path dir = Files.createTempDirectory("sila-durability");
        System.out.printf("%-34s %8s %10s %10s %10s%n", "backend, writer threads", "writes/s", "mean ms", "p50 ms",
                "p99 ms");
        latency("(warm-up)", 8, writes, DurableH2Backend::open, dir);
        for (int threads : new int[] {1, 8}) {
            latency("H2Backend (library default)", threads, writes, f -> new H2Backend(f.toString()), dir);
            latency("DurableH2Backend", threads, writes, DurableH2Backend::open, dir);
        }
        System.out.println();
        System.out.printf("file size after N writes (insert + 3 updates per message, 8 writers), retention:%n");
        fileGrowth("45 s (MVStore default)", 45_000, growth, dir);
        fileGrowth(DurableH2Backend.RETENTION_MILLIS + " ms (DurableH2Backend)", DurableH2Backend.RETENTION_MILLIS,
                growth, dir);
        fileGrowth("0 ms", 0, growth, dir);
    }

    private static void latency(String name, int threads, int writes, Function<Path, MongoBackend> backend,
                                Path dir) throws Exception {
        Path file = dir.resolve(name.hashCode() + "-" + threads + ".mv");
        Files.deleteIfExists(file);
        long[] nanos = new long[writes];
        long started;
        long took;
        try (var running = new Running(backend.apply(file))) {
            started = System.nanoTime();
            run(threads, writes, i -> {
                long t = System.nanoTime();
                write(running.messages, i);
                nanos[i] = System.nanoTime() - t;
            });
            took = System.nanoTime() - started;
        }
        Arrays.sort(nanos);
        System.out.printf("%-34s %8.0f %10.2f %10.2f %10.2f%n", name + ", " + threads, writes / (took / 1e9),
                Arrays.stream(nanos).average().orElse(0) / 1e6, nanos[writes / 2] / 1e6,
                nanos[(int) (writes * 0.99)] / 1e6);
    }

    private static void fileGrowth(String name, int retentionMillis, int writes, Path dir) throws Exception {
        Path file = dir.resolve("growth-" + retentionMillis + ".mv");
        Files.deleteIfExists(file);
        StringBuilder sizes = new StringBuilder();
        int step = writes / 5;
        try (var running = new Running(DurableH2Backend.open(file, retentionMillis))) {
            for (int done = 0; done < writes; done += step) {
                int from = done;
                run(8, step, i -> write(running.messages, from + i));
                sizes.append(String.format("  %,d: %.1f MB", done + step, Files.size(file) / 1e6));
            }
        }
        long closed = Files.size(file);
        long started = System.nanoTime();
        DurableH2Backend.open(file).close(); // compacts at open
        System.out.printf("%-34s%s; closed %.1f MB; reopened %.1f MB (compacting took %.0f ms)%n", name, sizes,
                closed / 1e6, Files.size(file) / 1e6, (System.nanoTime() - started) / 1e6);
    }

    /** Write i of a message's life: stored, claimed, answered, sent (as the pipeline's writes go). */
    private static void write(MongoCollection<Document> messages, int i) {
        String id = "m" + i / 4;
        switch (i % 4) {
            case 0 -> messages.insertOne(new Document("_id", id).append("text", "السلام عليكم، أريد أن أسأل عن "
                    + "موعد توزيع السلال الغذائية " + i).append("direction", "IN"));
            case 1 -> messages.updateOne(Filters.eq("_id", id), Updates.combine(Updates.unset("workKey"),
                    Updates.set("leaseUntil", System.currentTimeMillis())));
            case 2 -> messages.updateOne(Filters.eq("_id", id), Updates.set("handledAt", System.currentTimeMillis()));
            default -> messages.updateOne(Filters.eq("_id", id), Updates.set("status", "SENT"));
        }
    }

    private interface Write {
        void run(int i) throws Exception;
    }

    /** Writes 0..count-1 spread over threads, each thread taking the next message's four writes in order. */
    private static void run(int threads, int count, Write write) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                futures.add(pool.submit(() -> {
                    for (int m = first; m * 4 < count; m += threads) {
                        for (int k = 0; k < 4 && m * 4 + k < count; k++) {
                            write.run(m * 4 + k);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private static final class Running implements AutoCloseable {
        final MongoServer server;
        final com.mongodb.client.MongoClient client;
        final MongoCollection<Document> messages;

        Running(MongoBackend backend) {
            server = new MongoServer(backend);
            client = MongoClients.create("mongodb://127.0.0.1:" + server.bind().getPort());
            messages = client.getDatabase("sila").getCollection("messages");
        }

        @Override
        public void close() {
            client.close();
            server.shutdownNow();
        }
    }
}
