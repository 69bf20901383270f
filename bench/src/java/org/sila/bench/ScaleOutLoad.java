package org.sila.bench;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.sila.SilaApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Total web chat throughput of one hub instance and of two on one store, side by side in one run. Instance A opens
 * the embedded store (on file) on a fixed port; the clients run {@link WebChatPipelineLoad}'s closed loop against
 * it alone; then instance B starts on A's store ({@code spring.mongodb.uri}) and the same clients run again as if
 * behind a round-robin balancer: each visitor's stream stays on one instance, its posts alternate between both, so
 * every other reply reaches the stream through the cluster relay.
 *
 * <pre>./mvnw -q -Pbench test-compile exec:java -Dexec.mainClass=org.sila.bench.ScaleOutLoad \
 *     -Dexec.classpathScope=test -Dexec.args="--clients=16 --seconds=20"</pre>
 */
public final class ScaleOutLoad {

    public static void main(String[] args) throws Exception {
        int clients = WebChatPipelineLoad.intArg(args, "clients", 16);
        int seconds = WebChatPipelineLoad.intArg(args, "seconds", 20);
        int warmup = WebChatPipelineLoad.intArg(args, "warmup", 5);
        Path store = Files.createTempDirectory("sila-bench");
        int storePort;
        try (var socket = new ServerSocket(0)) {
            storePort = socket.getLocalPort();
        }
        System.out.printf("Sila scale-out load: %d clients, %d s measured after %d s warm-up, one embedded store "
                + "on file, %d cores%n", clients, seconds, warmup, Runtime.getRuntime().availableProcessors());
        try (var a = start("--sila.store.path=" + store.resolve("sila.mv"), "--sila.store.port=" + storePort)) {
            String baseA = base(a);
            var one = WebChatPipelineLoad.run(clients, warmup, seconds, new Balanced(List.of(baseA))::client);
            try (var b = start("--spring.mongodb.uri=mongodb://127.0.0.1:" + storePort + "/sila")) {
                var two = WebChatPipelineLoad.run(clients, warmup, seconds,
                        new Balanced(List.of(baseA, base(b)))::client);
                one.print("one instance");
                two.print("two instances, one store");
                System.out.printf("two / one: %.0f%%%n", 100.0 * two.perSecond() / one.perSecond());
            }
        }
    }

    private static ConfigurableApplicationContext start(String... store) {
        List<String> args = new java.util.ArrayList<>(List.of("--server.port=0",
                "--sila.webchat.token-secret=bench-shared-secret", "--sila.webchat.burst=1000000",
                "--sila.webchat.per-minute=100000000", "--sila.webchat.client-burst=1000000",
                "--sila.webchat.client-per-minute=100000000", "--sila.webchat.session-burst=1000000",
                "--sila.webchat.sessions-per-hour=100000000", "--logging.level.root=WARN",
                "--logging.level.org.sila=WARN", "--spring.main.banner-mode=off"));
        args.addAll(List.of(store));
        return new SpringApplicationBuilder(SilaApplication.class).run(args.toArray(String[]::new));
    }

    private static String base(ConfigurableApplicationContext hub) {
        return "http://127.0.0.1:" + ((WebServerApplicationContext) hub).getWebServer().getPort();
    }

    /** Hands out visitors spread over the instances, as a round-robin balancer would. */
    private record Balanced(List<String> bases, AtomicInteger next) {
        Balanced(List<String> bases) {
            this(bases, new AtomicInteger());
        }

        WebChatPipelineLoad.Client client() throws Exception {
            return new WebChatPipelineLoad.PipelineClient(bases, next.getAndIncrement());
        }
    }

    private ScaleOutLoad() {
    }
}
