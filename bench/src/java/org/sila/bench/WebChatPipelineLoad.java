package org.sila.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.sila.SilaApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Load driver for the whole web chat pipeline: HTTP in → stored → bot reply stored → sent to the session's
 * stream. Closed loop: each of {@code clients} visitors posts, waits for the bot's reply on its stream, and posts
 * again. Then the same clients against a bare endpoint that only inserts one document: the ceiling on this
 * machine. Prints sustained messages/s and p50/p99 latency for both, and their ratio. With {@code --floor=1}, also
 * an endpoint that stores the two messages of an exchange and nothing else ({@link TwoMessagesEndpoint}).
 *
 * <pre>./mvnw -q -Pbench test-compile exec:java -Dexec.mainClass=org.sila.bench.WebChatPipelineLoad \
 *     -Dexec.classpathScope=test -Dexec.args="--clients=32 --seconds=20"</pre>
 */
public final class WebChatPipelineLoad {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public static void main(String[] args) throws Exception {
        int clients = intArg(args, "clients", 32);
        int seconds = intArg(args, "seconds", 20);
        int warmup = intArg(args, "warmup", 5);
        boolean inMemory = intArg(args, "in-memory", 0) == 1;
        boolean countCommands = intArg(args, "count-commands", 0) == 1;
        boolean floor = intArg(args, "floor", 0) == 1;
        Path store = Files.createTempDirectory("sila-bench");
        var sources = new ArrayList<Class<?>>(List.of(SilaApplication.class, BareInsertEndpoint.class,
                TwoMessagesEndpoint.class));
        if (countCommands) {
            sources.add(StoreCommandCounter.class);
        }
        try (ConfigurableApplicationContext hub = new SpringApplicationBuilder(sources.toArray(Class<?>[]::new)).run("--server.port=0", "--sila.store.path=" + store.resolve("sila.mv"),
                "--sila.store.in-memory=" + inMemory,
                "--sila.webchat.token-secret=bench", "--sila.webchat.burst=1000000",
                "--sila.webchat.per-minute=100000000", "--sila.webchat.client-burst=1000000",
                "--sila.webchat.client-per-minute=100000000", "--logging.level.root=WARN",
                "--logging.level.org.sila=WARN", "--spring.main.banner-mode=off")) {
            int port = ((WebServerApplicationContext) hub).getWebServer().getPort();
            String base = "http://127.0.0.1:" + port;
            System.out.printf("Sila web chat pipeline load: %d clients, %d s measured after %d s warm-up, "
                    + "embedded store %s, %d cores%n", clients, seconds, warmup, inMemory ? "in memory" : "on file",
                    Runtime.getRuntime().availableProcessors());

            // One exchange first: the bot's intent model trains in the background after the start, and that work
            // must not fall into either measurement.
            try (Client first = new PipelineClient(base)) {
                first.exchange(0);
            }
            Result ceiling = run(clients, warmup, seconds, () -> new BareInsertClient(base));
            Result twoMessages = floor ? run(clients, warmup, seconds, () -> new BareInsertClient(base,
                    "/bench/two-messages")) : null;
            Result twoTogether = floor ? run(clients, warmup, seconds, () -> new BareInsertClient(base,
                    "/bench/two-messages?together=true")) : null;
            Result pipeline = run(clients, warmup, seconds, () -> new PipelineClient(base));
            ceiling.print("bare insert (ceiling)");
            if (twoMessages != null) {
                twoMessages.print("two messages stored (the floor)");
                System.out.printf("floor / ceiling: %.0f%%%n", 100.0 * twoMessages.perSecond() / ceiling.perSecond());
                twoTogether.print("two messages in one insert");
                System.out.printf("one insert of two / ceiling: %.0f%%%n",
                        100.0 * twoTogether.perSecond() / ceiling.perSecond());
            }
            pipeline.print("pipeline (post → reply on stream)");
            System.out.printf("pipeline / ceiling: %.0f%%%n", 100.0 * pipeline.perSecond() / ceiling.perSecond());
        }
    }

    interface Client extends AutoCloseable {
        /** One exchange; returns when it is complete. */
        void exchange(int n) throws Exception;

        @Override
        default void close() {
        }
    }

    interface ClientFactory {
        Client create() throws Exception;
    }

    /**
     * {@code cpuNanos}: the process's CPU time over the measured seconds (hub and load clients alike). Per exchange
     * it says what a message costs even when other processes share the machine and throughput says little.
     */
    record Result(long count, double seconds, List<Long> latenciesNanos, long errors, long cpuNanos,
                  List<Long> startsNanos, Map<String, Long> cpuNanosByThreads, Map<String, Long> storeCommands) {
        double perSecond() {
            return count / seconds;
        }

        void print(String name) {
            List<Long> sorted = new ArrayList<>(latenciesNanos);
            Collections.sort(sorted);
            System.out.printf("%-36s %8.0f msg/s   p50 %6.2f ms   p99 %6.2f ms   CPU %5.2f ms/exchange"
                    + "   (%d exchanges, %d errors)%n", name, perSecond(), percentile(sorted, 0.50) / 1e6,
                    percentile(sorted, 0.99) / 1e6, cpuNanos / 1e6 / Math.max(1, count), count, errors);
            System.out.printf("  p75 %.0f ms, p90 %.0f ms, p95 %.0f ms, max %.0f ms%n", percentile(sorted, 0.75) / 1e6,
                    percentile(sorted, 0.90) / 1e6, percentile(sorted, 0.95) / 1e6, percentile(sorted, 1) / 1e6);
            // Where the slow exchanges fall: a stall of the whole hub shows as one bad second, a cost as all of them.
            long[] worst = new long[(int) Math.ceil(seconds)];
            long from = startsNanos.stream().mapToLong(Long::longValue).min().orElse(0);
            for (int i = 0; i < startsNanos.size(); i++) {
                int second = (int) Math.min(worst.length - 1, (startsNanos.get(i) - from) / 1_000_000_000L);
                worst[second] = Math.max(worst[second], latenciesNanos.get(i));
            }
            StringBuilder line = new StringBuilder("  slowest exchange started in each second, ms:");
            for (long w : worst) {
                line.append(' ').append(w / 1_000_000);
            }
            System.out.println(line);
            StringBuilder byThreads = new StringBuilder("  CPU ms/exchange by threads:");
            cpuNanosByThreads.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .limit(10).forEach(e -> byThreads.append(String.format(" %s %.2f;", e.getKey(),
                            e.getValue() / 1e6 / Math.max(1, count))));
            long javaThreads = cpuNanosByThreads.values().stream().mapToLong(Long::longValue).sum();
            byThreads.append(String.format(" (all Java threads %.2f; the JVM's own: GC, compilers %.2f)",
                    javaThreads / 1e6 / Math.max(1, count), (cpuNanos - javaThreads) / 1e6 / Math.max(1, count)));
            System.out.println(byThreads);
            if (storeCommands.values().stream().anyMatch(n -> n > 0)) {
                StringBuilder commands = new StringBuilder("  store commands/exchange:");
                storeCommands.forEach((command, n) -> {
                    if (n > 0) {
                        commands.append(String.format(" %s %.2f;", command, (double) n / Math.max(1, count)));
                    }
                });
                commands.append(String.format(" (all %.2f)", storeCommands.values().stream()
                        .mapToLong(Long::longValue).sum() / (double) Math.max(1, count)));
                System.out.println(commands);
            }
        }

        /** Each thread's CPU time now, by its name less a trailing number (one pool, one name). */
        static Map<String, Long> cpuByThreads() {
            var bean = ManagementFactory.getThreadMXBean();
            Map<Long, Long> byId = new HashMap<>();
            for (long id : bean.getAllThreadIds()) {
                byId.put(id, bean.getThreadCpuTime(id));
            }
            return threadNames(bean, byId);
        }

        private static Map<String, Long> threadNames(java.lang.management.ThreadMXBean bean, Map<Long, Long> cpu) {
            Map<String, Long> out = new HashMap<>();
            cpu.forEach((id, nanos) -> {
                var info = bean.getThreadInfo(id);
                if (info != null && nanos > 0) {
                    out.merge(info.getThreadName().replaceAll("[-0-9]+$", ""), nanos, Long::sum);
                }
            });
            return out;
        }

        static Map<String, Long> minus(Map<String, Long> after, Map<String, Long> before) {
            Map<String, Long> out = new HashMap<>();
            after.forEach((name, nanos) -> out.put(name, nanos - before.getOrDefault(name, 0L)));
            return out;
        }

        private static double percentile(List<Long> sorted, double p) {
            return sorted.isEmpty() ? Double.NaN : sorted.get((int) Math.min(sorted.size() - 1, p * sorted.size()));
        }
    }

    static Result run(int clients, int warmupSeconds, int seconds, ClientFactory factory)
            throws Exception {
        List<Client> pool = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            pool.add(factory.create());
        }
        ExecutorService threads = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        long measureFrom = start + TimeUnit.SECONDS.toNanos(warmupSeconds);
        long end = measureFrom + TimeUnit.SECONDS.toNanos(seconds);
        List<Long> latencies = new ArrayList<>();
        List<Long> starts = new ArrayList<>();
        long[] errors = new long[1];
        List<CompletableFuture<Void>> running = new ArrayList<>();
        var cpu = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        CompletableFuture<Long> cpuAtMeasureFrom = CompletableFuture.supplyAsync(cpu::getProcessCpuTime,
                CompletableFuture.delayedExecutor(measureFrom - System.nanoTime(), TimeUnit.NANOSECONDS));
        CompletableFuture<Long> cpuAtEnd = CompletableFuture.supplyAsync(cpu::getProcessCpuTime,
                CompletableFuture.delayedExecutor(end - System.nanoTime(), TimeUnit.NANOSECONDS));
        CompletableFuture<Map<String, Long>> threadsAtMeasureFrom = CompletableFuture.supplyAsync(Result::cpuByThreads,
                CompletableFuture.delayedExecutor(measureFrom - System.nanoTime(), TimeUnit.NANOSECONDS));
        CompletableFuture<Map<String, Long>> threadsAtEnd = CompletableFuture.supplyAsync(Result::cpuByThreads,
                CompletableFuture.delayedExecutor(end - System.nanoTime(), TimeUnit.NANOSECONDS));
        CompletableFuture<Map<String, Long>> commandsAtMeasureFrom = CompletableFuture.supplyAsync(
                StoreCommandCounter::snapshot,
                CompletableFuture.delayedExecutor(measureFrom - System.nanoTime(), TimeUnit.NANOSECONDS));
        CompletableFuture<Map<String, Long>> commandsAtEnd = CompletableFuture.supplyAsync(StoreCommandCounter::snapshot,
                CompletableFuture.delayedExecutor(end - System.nanoTime(), TimeUnit.NANOSECONDS));
        for (Client client : pool) {
            running.add(CompletableFuture.runAsync(() -> {
                int n = 0;
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    try {
                        client.exchange(n++);
                    } catch (Exception e) {
                        synchronized (errors) {
                            errors[0]++;
                        }
                        continue;
                    }
                    if (t0 >= measureFrom && System.nanoTime() <= end) {
                        synchronized (latencies) {
                            latencies.add(System.nanoTime() - t0);
                            starts.add(t0);
                        }
                    }
                }
            }, threads));
        }
        CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get();
        threads.shutdown();
        pool.forEach(Client::close);
        return new Result(latencies.size(), seconds, latencies, errors[0], cpuAtEnd.get() - cpuAtMeasureFrom.get(),
                starts, Result.minus(threadsAtEnd.get(), threadsAtMeasureFrom.get()),
                Result.minus(commandsAtEnd.get(), commandsAtMeasureFrom.get()));
    }

    /** Posts to a bench endpoint that stores and answers at once: the bare insert, or the two messages. */
    static final class BareInsertClient implements Client {
        private final HttpClient http = HttpClient.newHttpClient();
        private final URI uri;

        BareInsertClient(String base) {
            this(base, "/bench/insert");
        }

        BareInsertClient(String base, String path) {
            this.uri = URI.create(base + path);
        }

        @Override
        public void exchange(int n) throws Exception {
            var response = http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"السلام عليكم " + n + "\"}")).build(),
                    HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() != 202) {
                throw new IOException("insert answered " + response.statusCode());
            }
        }
    }

    /**
     * A web chat visitor: posts a greeting and waits for the bot's reply on its event stream. With several hub
     * instances ({@link ScaleOutLoad}), its session and stream are on one, and each post goes to the next in turn.
     */
    static final class PipelineClient implements Client {
        private final HttpClient http = HttpClient.newHttpClient();
        private final List<String> messagesUris;
        private final String authorization;
        private final AtomicReference<CompletableFuture<Void>> awaitingReply = new AtomicReference<>();
        private final CompletableFuture<HttpResponse<Stream<String>>> stream;
        private int turn;

        PipelineClient(String base) throws Exception {
            this(List.of(base), 0);
        }

        PipelineClient(List<String> bases, int first) throws Exception {
            String home = bases.get(first % bases.size());
            JsonNode session = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(home
                            + "/api/webchat/sessions")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            String path = "/api/webchat/sessions/" + session.get("sessionId").asString();
            this.messagesUris = bases.stream().map(base -> base + path + "/messages").toList();
            this.turn = first;
            this.authorization = "Bearer " + session.get("token").asString();
            this.stream = http.sendAsync(HttpRequest.newBuilder(URI.create(home + path + "/stream"))
                    .header("Authorization", authorization).build(), HttpResponse.BodyHandlers.ofLines());
            var response = stream.get(10, TimeUnit.SECONDS);
            Thread reader = new Thread(() -> response.body().forEach(line -> {
                if (line.startsWith("data:") && line.contains("\"OUT\"")) {
                    CompletableFuture<Void> waiting = awaitingReply.get();
                    if (waiting != null) {
                        waiting.complete(null);
                    }
                }
            }));
            reader.setDaemon(true);
            reader.start();
        }

        @Override
        public void exchange(int n) throws Exception {
            var reply = new CompletableFuture<Void>();
            awaitingReply.set(reply);
            var response = http.send(HttpRequest.newBuilder(URI.create(messagesUris.get(turn++ % messagesUris.size())))
                    .header("Authorization", authorization).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"السلام عليكم\"}")).build(),
                    HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() != 202) {
                throw new IOException("post answered " + response.statusCode());
            }
            reply.get(30, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            stream.cancel(true);
        }
    }

    static int intArg(String[] args, String name, int fallback) {
        for (String arg : args) {
            if (arg.startsWith("--" + name + "=")) {
                return Integer.parseInt(arg.substring(name.length() + 3));
            }
        }
        return fallback;
    }

    private WebChatPipelineLoad() {
    }
}
