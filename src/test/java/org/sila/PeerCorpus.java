package org.sila;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.bson.Document;
import org.junit.jupiter.api.Assumptions;
import org.springframework.data.mongodb.core.MongoTemplate;

import static org.awaitility.Awaitility.await;

/**
 * The peer corpora in {@code ../shared/corpora} (real webhook payloads and mails from other projects' tests), read
 * where they lie and never copied into the project; tests that use them are skipped when the folder is absent.
 * Also what a delivery did to the store, judged against what {@code peer-hooks/index.tsv} expects of it.
 */
public final class PeerCorpus {

    public static final Path ROOT = Path.of("../shared/corpora");
    /** Where the corpus tests write their results table (one row per payload or mail). */
    public static final Path RESULTS = Path.of("target/peer-corpus-results.tsv");

    private PeerCorpus() {
    }

    /** One payload of {@code peer-hooks/index.tsv}. */
    public record Hook(String file, String channel, String endpoint, String expect, String source) {

        public String body() {
            try {
                return Files.readString(ROOT.resolve("peer-hooks").resolve(file), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String toString() {
            return file + " (" + expect + ")";
        }
    }

    /** The payloads under {@code peer-hooks/<folder>/}; the calling test is skipped without the corpus. */
    public static List<Hook> hooks(String folder) {
        Path index = ROOT.resolve("peer-hooks/index.tsv");
        Assumptions.assumeTrue(Files.isRegularFile(index), "the shared corpora are not here: " + index.toAbsolutePath());
        try {
            List<Hook> hooks = new ArrayList<>();
            for (String line : Files.readAllLines(index, StandardCharsets.UTF_8)) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", 5);
                if (f[0].startsWith(folder + "/")) {
                    hooks.add(new Hook(f[0], f[1], f[2], f[3], f.length > 4 ? f[4] : ""));
                }
            }
            return hooks;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The mails of {@code peer-mail/}; the calling test is skipped without the corpus. */
    public static List<Path> mails() {
        Path folder = ROOT.resolve("peer-mail");
        Assumptions.assumeTrue(Files.isDirectory(folder), "the shared corpora are not here: " + folder.toAbsolutePath());
        try (var files = Files.list(folder)) {
            return files.filter(p -> !p.getFileName().toString().endsWith(".tsv")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Appends one row to the results table. */
    public static synchronized void record(String corpus, String item, String expected, String outcome, boolean ok) {
        try {
            Files.createDirectories(RESULTS.getParent());
            Files.writeString(RESULTS, String.join("\t", corpus, item, expected, outcome, ok ? "ok" : "FAIL") + "\n",
                    StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What one delivery left in the store: messages stored, bot replies, conversations handed to staff. */
    public record Outcome(int status, long stored, long replies, long handedOver) {

        /** Whether this is what {@code expect} (a value of index.tsv's expect column) asks. */
        public boolean meets(String expect) {
            boolean ok = status >= 200 && status < 300;
            boolean answered = stored == 1 && (replies >= 1 || handedOver >= 1);
            return switch (expect) {
                case "human" -> ok && answered;
                case "human2" -> ok && stored == 2 && replies + handedOver >= 2;
                case "partial" -> ok ? answered : status >= 400 && status < 500 && stored == 0;
                case "edit", "ignore", "receipt", "status", "echo" -> ok && stored == 0 && replies == 0;
                case "optout", "call" -> ok && stored == 1;
                case "service" -> ok;
                default -> throw new IllegalArgumentException("unknown expectation " + expect);
            };
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d, stored %d, replies %d, to staff %d", status, stored, replies,
                    handedOver);
        }
    }

    /** Counts in the store before a delivery; {@link #after} waits until the hub has handled what came. */
    public static final class Probe {
        private final MongoTemplate mongo;
        private final long inbound;
        private final long replies;
        private final long waiting;

        public Probe(MongoTemplate mongo) {
            this.mongo = mongo;
            this.inbound = inbound(mongo);
            this.replies = replies(mongo);
            this.waiting = waiting(mongo);
        }

        public Outcome after(int status) {
            // The rules layer answers off the webhook's thread: wait until every inbound message is handled.
            await().atMost(Duration.ofSeconds(20)).until(() -> mongo.getCollection("messages").countDocuments(
                    new Document("direction", "IN").append("handledAt", new Document("$exists", false))) == 0);
            return new Outcome(status, inbound(mongo) - inbound, replies(mongo) - replies, waiting(mongo) - waiting);
        }

        private static long inbound(MongoTemplate mongo) {
            return mongo.getCollection("messages").countDocuments(new Document("direction", "IN"));
        }

        private static long replies(MongoTemplate mongo) {
            return mongo.getCollection("messages").countDocuments(new Document("direction", "OUT")
                    .append("author.type", "BOT"));
        }

        private static long waiting(MongoTemplate mongo) {
            return mongo.getCollection("conversations").countDocuments(new Document("status", "WAITING"));
        }
    }
}
