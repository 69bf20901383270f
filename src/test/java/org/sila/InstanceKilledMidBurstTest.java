package org.sila;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sila.channel.ChannelType;
import org.sila.channel.DeliveryStatus;
import org.sila.cluster.ClusterMembers;
import org.sila.conversation.ConversationService;
import org.sila.conversation.Direction;
import org.sila.conversation.Message;
import org.sila.telegram.FakeBotApi;
import org.springframework.context.ConfigurableApplicationContext;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.sila.WebChatClient.JSON;

/**
 * Two instances on one store, B in a JVM of its own, and B killed with SIGKILL in the middle of a Telegram burst fed
 * to both: every message is still answered once, by B before it died or by A taking over what B held. Telegram
 * retries an update whose webhook call failed; behind a balancer the retry reaches A, as it does here.
 *
 * <p>The one answer that can reach the Bot API twice is one B had handed to Telegram when it died, before it could
 * record that Telegram took it: the Bot API has no idempotency key, so A cannot tell it from one never sent, and
 * sends it (a doubled answer is better than a lost one). The test tells such a send apart by the Bot API's own
 * answer: the message id Telegram gave it is recorded nowhere. Anything else sent twice fails the test, and so does
 * a chat that reads its answers out of the order it wrote.
 *
 * <p>Slow (a hub in a child JVM), so it runs in CI's second Maven invocation ({@code ./mvnw test -Pcrash}).
 */
@Tag("crash")
class InstanceKilledMidBurstTest {

    static final String WEBHOOK_SECRET = "killed-instance-webhook-secret_0123";
    static final String WEBHOOK_PATH = "/webhooks/telegram";
    static final int CHATS = 40;
    static final int MESSAGES_PER_CHAT = 3;
    static final long FIRST_CHAT = 940_000;
    /** B dies in the second round once it has sent this many answers of it, about a quarter of its share. */
    static final int KILL_AFTER_SENDS = 5;
    /** Below Telegram's 30, so that sending a round takes seconds and B dies holding answers still to send. */
    static final int BOT_PER_SECOND = 10;
    /** Sends one instance can have under way at once: its outbound workers (PipelineConfiguration). */
    static final int SENDS_IN_FLIGHT = 8;
    static final Path B_LOG = Path.of("target", "instance-b.log");

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()
            .containerThreads(40)).build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void everyMessageIsAnsweredOnceWhenOneInstanceIsKilledMidBurst() throws Exception {
        new FakeBotApi(wm.getRuntimeInfo().getWireMock()).withDefaults();
        int storePort = TwoHubs.freePort();
        int portB = TwoHubs.freePort();
        // B reaches the fake as "localhost", A as "127.0.0.1": the Host header tells whose send the fake logged.
        String[] shared = telegram("http://127.0.0.1:" + wm.getPort());
        try (ConfigurableApplicationContext a = TwoHubs.storeOwner(storePort, shared)) {
            int portA = TwoHubs.port(a);
            Process b = startB(storePort, portB, telegram("http://localhost:" + wm.getPort()));
            try {
                awaitStarted(b, portB);
                String selfA = a.getBean(ClusterMembers.class).self();

                ConversationService conversations = a.getBean(ConversationService.class);
                Set<String> acknowledgedByB = ConcurrentHashMap.newKeySet();
                AtomicLong diedAt = new AtomicLong(Long.MAX_VALUE);
                feedBurst(conversations, portA, portB, b, acknowledgedByB, diedAt);
                assertThat(b.isAlive()).isFalse();

                Map<String, List<Message>> replies = repliesByInbound(conversations);
                Map<String, String> recorded = new HashMap<>(); // reply's Telegram id -> the message it answers
                int takenOver = 0;
                for (var entry : replies.entrySet()) {
                    assertThat(entry.getValue()).as("replies stored for %s", entry.getKey()).hasSize(1);
                    Message reply = entry.getValue().get(0);
                    assertThat(reply.status()).as("%s", reply).isEqualTo(DeliveryStatus.SENT);
                    recorded.put(reply.externalId(), entry.getKey());
                    if (acknowledgedByB.contains(entry.getKey()) && selfA.equals(reply.leaseHolder())) {
                        takenOver++;
                    }
                }

                List<Send> sends = sends();
                Set<String> atTheFake = new HashSet<>();
                List<Send> unrecorded = new ArrayList<>();
                for (Send send : sends) {
                    atTheFake.add(send.externalId());
                    if (!recorded.containsKey(send.externalId())) {
                        unrecorded.add(send);
                    }
                }
                System.out.printf("B acknowledged %d updates and sent %d answers before it was killed; A answered "
                                + "%d of the updates B acknowledged; %d sends in all; %d sent by B but never "
                                + "recorded (under way when it died)%n", acknowledgedByB.size(),
                        sends.stream().filter(Send::byB).count(), takenOver, sends.size(), unrecorded.size());
                assertThat(takenOver).as("updates B acknowledged and A answered: B died holding work").isPositive();

                assertThat(atTheFake).as("every recorded reply reached the Bot API").containsAll(recorded.keySet());
                assertThat(unrecorded).as("sends whose answer from Telegram no instance recorded: only B's, under "
                        + "way when it died").allSatisfy(send -> {
                            assertThat(send.byB()).as("%s sent by B", send).isTrue();
                            assertThat(send.at()).as("%s received before B died", send)
                                    .isLessThanOrEqualTo(diedAt.get());
                        }).hasSizeLessThanOrEqualTo(SENDS_IN_FLIGHT);
                assertThat(sends).as("sends: one per message, plus those under way at the kill")
                        .hasSize(CHATS * MESSAGES_PER_CHAT + unrecorded.size());
                // The chat read its answers in the order it wrote, B's and A's alike (a send under way at the kill and
                // sent again by A is its own answer's first copy, so it is left out).
                Map<String, List<String>> answeredInOrderSent = new HashMap<>();
                sends.stream().filter(send -> recorded.containsKey(send.externalId()))
                        .sorted(Comparator.comparingLong(Send::at))
                        .forEach(send -> answeredInOrderSent.computeIfAbsent(send.chat(), c -> new ArrayList<>())
                                .add(recorded.get(send.externalId())));
                for (int i = 0; i < CHATS; i++) {
                    int chat = i;
                    assertThat(answeredInOrderSent.get(Long.toString(FIRST_CHAT + i)))
                            .as("chat %s's messages answered, in the order the answers reached it", FIRST_CHAT + i)
                            .containsExactlyElementsOf(IntStream.range(0, MESSAGES_PER_CHAT)
                                    .mapToObj(r -> inbound(chat, r)).toList());
                }
            } finally {
                b.destroyForcibly();
            }
        }
    }

    /**
     * Round by round, as beneficiaries write: each chat writes, is answered, and writes again. A chat's updates
     * alternate between the instances, so one conversation is worked on by both. In the second round B is killed
     * once it has sent {@link #KILL_AFTER_SENDS} of its answers, holding the rest; an update B cannot take any more
     * goes to A, as Telegram's retry would through a balancer.
     */
    private void feedBurst(ConversationService conversations, int portA, int portB, Process b,
                           Set<String> acknowledgedByB, AtomicLong diedAt) throws Exception {
        ExecutorService feeders = Executors.newFixedThreadPool(16);
        AtomicInteger updateId = new AtomicInteger(70_000);
        try {
            for (int round = 0; round < MESSAGES_PER_CHAT; round++) {
                Future<?> killer = null;
                if (round == 1) {
                    long before = sends().stream().filter(Send::byB).count();
                    killer = feeders.submit(() -> {
                        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(50))
                                .until(() -> sends().stream().filter(Send::byB).count() >= before + KILL_AFTER_SENDS);
                        b.destroyForcibly(); // SIGKILL: no shutdown hook, no goodbye to the cluster
                        waitFor(b);
                        diedAt.set(System.currentTimeMillis());
                    });
                }
                List<Future<?>> posted = new ArrayList<>();
                for (int i = 0; i < CHATS; i++) {
                    String inbound = inbound(i, round);
                    boolean toB = (i + round) % 2 == 1;
                    String body = FakeBotApi.update("message-text.json", FIRST_CHAT + i, updateId.incrementAndGet(),
                            "").replace("\"message_id\": 11", "\"message_id\": " + (11 + round));
                    posted.add(feeders.submit(() -> {
                        if (toB && post(portB, body)) {
                            acknowledgedByB.add(inbound);
                        } else {
                            assertThat(post(portA, body)).as("A acknowledges %s", inbound).isTrue();
                        }
                        return null;
                    }));
                }
                for (Future<?> future : posted) {
                    future.get(2, TimeUnit.MINUTES);
                }
                if (killer != null) {
                    killer.get(4, TimeUnit.MINUTES);
                }
                int answering = round;
                await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> answered(conversations, answering));
            }
        } finally {
            feeders.shutdownNow();
        }
    }

    /** Whether the instance acknowledged the update (200: stored); false when it refused it or could not be reached. */
    private boolean post(int port, String body) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + WEBHOOK_PATH))
                            .timeout(Duration.ofSeconds(60))
                            .header("Content-Type", "application/json")
                            .header("X-Telegram-Bot-Api-Secret-Token", WEBHOOK_SECRET)
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
        } catch (IOException killed) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Whether every chat's message of that round has a reply that went out. */
    private static boolean answered(ConversationService conversations, int round) {
        for (int i = 0; i < CHATS; i++) {
            Message in = conversations.findByExternalId(ChannelType.TELEGRAM, inbound(i, round));
            if (in == null || conversations.messages(in.conversationId()).stream().noneMatch(m ->
                    m.direction() == Direction.OUT && in.id().equals(m.answers())
                            && m.status() == DeliveryStatus.SENT)) {
                return false;
            }
        }
        return true;
    }

    /** The provider's id of chat {@code i}'s message in {@code round}. */
    private static String inbound(int i, int round) {
        return (FIRST_CHAT + i) + ":" + (11 + round);
    }

    /** Per inbound message ("chat:message id"), the replies stored for it. */
    private static Map<String, List<Message>> repliesByInbound(ConversationService conversations) {
        Map<String, List<Message>> replies = new HashMap<>();
        for (int i = 0; i < CHATS; i++) {
            List<Message> conversation = null;
            for (int round = 0; round < MESSAGES_PER_CHAT; round++) {
                Message in = conversations.findByExternalId(ChannelType.TELEGRAM, inbound(i, round));
                assertThat(in).isNotNull();
                conversation = conversations.messages(in.conversationId());
                replies.put(in.externalId(), conversation.stream()
                        .filter(m -> m.direction() == Direction.OUT && in.id().equals(m.answers())).toList());
            }
            assertThat(conversation).as("chat %s is one conversation", FIRST_CHAT + i)
                    .filteredOn(m -> m.direction() == Direction.OUT).hasSize(MESSAGES_PER_CHAT);
        }
        return replies;
    }

    /** A sendMessage the fake took: the reply's id as the hub records it (chat:message id), who sent it, when. */
    record Send(String chat, String externalId, boolean byB, long at) {
    }

    private static List<Send> sends() {
        List<Send> sends = new ArrayList<>();
        for (ServeEvent event : wm.getAllServeEvents()) {
            if (!event.getRequest().getUrl().toLowerCase().endsWith("/sendmessage")) {
                continue;
            }
            String chat = JSON.readTree(event.getRequest().getBodyAsString()).get("chat_id").asString();
            long messageId = JSON.readTree(event.getResponse().getBodyAsString()).get("result").get("message_id")
                    .asLong();
            boolean byB = event.getRequest().getHeader("Host").startsWith("localhost");
            sends.add(new Send(chat, chat + ":" + messageId, byB,
                    event.getRequest().getLoggedDate().getTime()));
        }
        return sends;
    }

    private static String[] telegram(String apiUrl) {
        return new String[] {"--sila.telegram.token=" + FakeBotApi.TOKEN, "--sila.telegram.api-url=" + apiUrl,
                "--sila.telegram.mode=webhook", "--sila.telegram.webhook-secret=" + WEBHOOK_SECRET,
                "--sila.telegram.webhook-url=https://hub.example.org" + WEBHOOK_PATH,
                "--sila.telegram.messages-per-second=" + BOT_PER_SECOND,
                // Leases far longer than the test: what B held is taken over because B fell silent, not by time.
                "--sila.pipeline.lease=10m"};
    }

    /**
     * Instance B in a JVM of its own, as the README runs it, with the test's classpath. A quick start: the C1
     * compiler only and the serial collector (a short-lived hub on a shared machine).
     */
    private static Process startB(int storePort, int port, String[] shared) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                        .toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k",
                "-cp", System.getProperty("java.class.path"), SilaApplication.class.getName(),
                "--spring.profiles.active=test", "--logging.level.org.sila=INFO"));
        command.addAll(TwoHubs.arguments(port, TwoHubs.storeUser(storePort), shared));
        Files.createDirectories(B_LOG.getParent());
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(B_LOG.toFile()).start();
    }

    /** Until B answers its health check; its log's tail when it exits or takes too long. */
    private void awaitStarted(Process b, int port) throws IOException {
        try {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
                    .ignoreExceptionsInstanceOf(IOException.class).until(() -> {
                        if (!b.isAlive()) {
                            throw new AssertionError("Instance B exited (" + b.exitValue() + "):\n" + tail());
                        }
                        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                                + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString())
                                .statusCode() == 200;
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("Instance B did not start:\n" + tail(), e);
        }
    }

    private static String tail() throws IOException {
        List<String> lines = Files.readAllLines(B_LOG, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    private static void waitFor(Process process) {
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
