package org.sila;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sila.channel.ChannelType;
import org.sila.channel.DeliveryStatus;
import org.sila.conversation.ConversationService;
import org.sila.conversation.Direction;
import org.sila.conversation.Message;
import org.sila.telegram.FakeBotApi;
import tools.jackson.databind.JsonNode;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.sila.WebChatClient.JSON;

/**
 * Two hub instances on one store behave as one hub: the provider's limits hold over both, and a live stream held by
 * one instance gets what the other produced.
 */
class TwoInstancesTest {

    static final String WEBHOOK_SECRET = "two-hubs-webhook-secret_0123456789";
    static final String WEBHOOK_PATH = "/webhooks/telegram";
    /** Below Telegram's 30: low enough that the pipeline of each instance alone could exceed it on any machine. */
    static final int BOT_PER_SECOND = 5;
    /**
     * Sends the fake may log at once after the one JVM it shares with both instances stalls on a loaded machine
     * (the senders waiting then all go on together); about one worker's turn per instance.
     */
    static final int STALL_MARGIN = 6;

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()
                    .containerThreads(40))
            .resetOnEachTest(false).build();

    static FakeBotApi telegram;
    static TwoHubs hubs;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        telegram = new FakeBotApi(wm.getRuntimeInfo().getWireMock()).withDefaults();
        hubs = TwoHubs.start("--sila.telegram.token=" + FakeBotApi.TOKEN, "--sila.telegram.api-url=" + wm.baseUrl(),
                "--sila.telegram.mode=webhook", "--sila.telegram.webhook-secret=" + WEBHOOK_SECRET,
                "--sila.telegram.webhook-url=https://hub.example.org" + WEBHOOK_PATH,
                "--sila.telegram.messages-per-second=" + BOT_PER_SECOND);
    }

    @AfterAll
    static void stop() {
        if (hubs != null) {
            hubs.close();
        }
    }

    /**
     * Forty chats write twice each, once to each instance, all at once. Telegram takes a bot's messages at a ceiling
     * (about 30 a second, set lower here so that the pipeline is never what holds the rate) and one a second per
     * chat: counted at the fake Bot API, both hold over the two instances together, and every message is answered
     * and sent exactly once. Two instances counting alone send twice the ceiling, and a chat's two replies at once.
     */
    @Test
    void aTelegramBurstFedToBothInstancesStaysWithinTheBotsLimitsAndIsAnsweredOnce() throws Exception {
        int chats = 40;
        long firstChat = 910_000;
        List<int[]> ports = List.of(new int[] {hubs.portA(), hubs.portB()}, new int[] {hubs.portB(), hubs.portA()});
        int update = 50_000;
        for (int round = 0; round < 2; round++) {
            List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> posted = new ArrayList<>();
            for (int i = 0; i < chats; i++) {
                long chat = firstChat + i;
                String body = FakeBotApi.update("message-text.json", chat, update++, "")
                        .replace("\"message_id\": 11", "\"message_id\": " + (11 + round));
                posted.add(postAsync(ports.get(round)[i % 2], body));
            }
            for (var response : posted) {
                assertThat(response.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            }
        }

        ConversationService conversations = hubs.a.getBean(ConversationService.class);
        await().atMost(Duration.ofSeconds(120)).until(() -> IntStream.range(0, chats).allMatch(i ->
                IntStream.range(0, 2).allMatch(round -> answered(conversations, firstChat + i, round))));

        for (int i = 0; i < chats; i++) {
            for (int round = 0; round < 2; round++) {
                Message in = conversations.findByExternalId(ChannelType.TELEGRAM, (firstChat + i) + ":" + (11 + round));
                assertThat(in).isNotNull();
                assertThat(conversations.messages(in.conversationId()).stream()
                        .filter(m -> m.direction() == Direction.OUT)
                        .filter(m -> in.id().equals(m.answers())))
                        .as("replies to %s", in.externalId()).hasSize(1);
            }
        }

        List<LoggedRequest> sends = sends(firstChat, chats);
        List<Long> times = sends.stream().map(r -> r.getLoggedDate().getTime()).toList();
        Map<String, List<Long>> byChat = sends.stream().collect(Collectors.groupingBy(TwoInstancesTest::chatId,
                Collectors.mapping(r -> r.getLoggedDate().getTime(), Collectors.toList())));
        SoftAssertions.assertSoftly(softly -> {
            softly.assertThat(mostInAnyWindow(times, 3000))
                    .as("sendMessage calls in any three seconds, both instances together (ms since the first: %s)",
                            times.stream().map(t -> t - times.get(0)).toList())
                    .isLessThanOrEqualTo(3 * BOT_PER_SECOND + STALL_MARGIN);
            softly.assertThat(byChat).hasSize(chats);
            byChat.forEach((chat, sent) -> {
                softly.assertThat(sent).as("sends to chat %s: %s", chat, stored(conversations, chat)).hasSize(2);
                if (sent.size() == 2) {
                    softly.assertThat(Math.abs(sent.get(1) - sent.get(0))).as("ms between chat %s's replies", chat)
                            .isGreaterThanOrEqualTo(1000);
                }
            });
        });
    }

    /**
     * One chat writes six times, each update acknowledged before the next (as Telegram hands a chat's updates
     * over), alternately to A and to B: the two instances answer them in the order they were written, and the
     * answers reach the chat in that order. Two instances each keeping order only among their own would race: the
     * answers to two messages in a row are ready at once, and either may take the chat's next turn.
     */
    @Test
    void aConversationWorkedOnByBothInstancesIsAnsweredInOrder() throws Exception {
        long chat = 915_000;
        int messages = 6;
        int update = 60_000;
        for (int i = 0; i < messages; i++) {
            String body = FakeBotApi.update("message-text.json", chat, update++, "")
                    .replace("\"message_id\": 11", "\"message_id\": " + (11 + i));
            assertThat(postAsync(i % 2 == 0 ? hubs.portA() : hubs.portB(), body).get(30, TimeUnit.SECONDS)
                    .statusCode()).isEqualTo(200);
        }

        ConversationService conversations = hubs.a.getBean(ConversationService.class);
        await().atMost(Duration.ofSeconds(60)).conditionEvaluationListener(condition -> {
            if (condition.getRemainingTimeInMS() < 1000) {
                System.out.println("Chat " + chat + " as stored: " + stored(conversations, Long.toString(chat)));
            }
        }).until(() -> IntStream.range(0, messages).allMatch(i -> answered(conversations, chat, i)));
        Message first = conversations.findByExternalId(ChannelType.TELEGRAM, chat + ":11");
        List<Message> stored = conversations.messages(first.conversationId());
        Map<String, String> inboundIds = stored.stream().filter(m -> m.direction() == Direction.IN)
                .collect(Collectors.toMap(Message::id, Message::externalId));
        Map<String, String> answeredBySend = stored.stream().filter(m -> m.direction() == Direction.OUT)
                .collect(Collectors.toMap(Message::externalId, m -> inboundIds.get(m.answers())));
        // Telegram's id of each message the chat got, as the hub records it on the reply sent
        List<String> answeredInSendOrder = wm.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().toLowerCase().endsWith("/sendmessage")
                        && Long.toString(chat).equals(chatId(e.getRequest())))
                .sorted(Comparator.comparing(e -> e.getRequest().getLoggedDate()))
                .map(e -> chat + ":" + JSON.readTree(e.getResponse().getBodyAsString()).get("result")
                        .get("message_id").asLong())
                .map(answeredBySend::get).toList();
        assertThat(answeredInSendOrder).as("the messages answered, in the order the answers reached the chat")
                .containsExactlyElementsOf(IntStream.range(0, messages).mapToObj(i -> chat + ":" + (11 + i)).toList());
    }

    /** A visitor's stream is open on A; the message goes in through B; the reply reaches the stream on A. */
    @Test
    void aVisitorsStreamOnOneInstanceGetsTheReplyToAMessagePostedThroughTheOther() throws Exception {
        var onA = new WebChatClient(hubs.portA());
        var onB = WebChatClient.resume(hubs.portB(), onA.sessionId, onA.token);
        List<String> lines = new CopyOnWriteArrayList<>();
        HttpResponse<Stream<String>> stream = onA.http().sendAsync(HttpRequest.newBuilder(onA.streamUri())
                        .header("Authorization", "Bearer " + onA.token).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofLines()).get(10, TimeUnit.SECONDS);
        assertThat(stream.statusCode()).isEqualTo(200);
        Thread reader = new Thread(() -> stream.body().forEach(lines::add));
        reader.setDaemon(true);
        reader.start();
        try {
            String posted = JSON.readTree(onB.post("Hello").body()).get("messageId").asString();
            List<JsonNode> history = await().atMost(Duration.ofSeconds(10)).until(onB::messages, l -> l.size() == 2);
            String replyId = history.get(1).get("id").asString();

            await().atMost(Duration.ofSeconds(30)).until(() -> lines.stream()
                    .anyMatch(l -> l.startsWith("id:") && l.contains(replyId)));
            assertThat(lines).anyMatch(l -> l.startsWith("id:") && l.contains(posted));
            assertThat(lines.stream().filter(l -> l.startsWith("id:") && l.contains(replyId))).hasSize(1);
        } finally {
            reader.interrupt();
            stream.body().close();
        }
    }

    /**
     * An administrator deactivates an account on one instance while the person has a console page open on the other:
     * that page's live stream ends there too, not when it times out half an hour later.
     */
    @Test
    void deactivatingAnAccountOnOneInstanceEndsItsConsoleStreamOnTheOther() throws Exception {
        String name = "officer-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        hubs.a.getBean(org.sila.staff.StaffDirectory.class).create(name, null, "right-password-1",
                java.util.Set.of(org.sila.staff.Role.OFFICER), false);
        String session = signIn(hubs.portB(), name, "right-password-1");
        HttpResponse<Stream<String>> stream = http.sendAsync(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + hubs.portB() + "/console/stream"))
                .header("Cookie", session).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofLines()).get(10, TimeUnit.SECONDS);
        assertThat(stream.statusCode()).isEqualTo(200);
        var ended = java.util.concurrent.CompletableFuture.runAsync(() -> stream.body().forEach(line -> { }));
        try {
            hubs.a.getBean(org.sila.staff.StaffDirectory.class).setActive(name, false);
            await().atMost(Duration.ofSeconds(15)).until(ended::isDone);
        } finally {
            stream.body().close();
        }
    }

    /** Signs in on one instance's login form as a browser does; returns the session cookie. */
    private String signIn(int port, String name, String password) throws Exception {
        String base = "http://127.0.0.1:" + port;
        HttpResponse<String> form = http.send(HttpRequest.newBuilder(URI.create(base + "/login")).build(),
                HttpResponse.BodyHandlers.ofString());
        String cookie = form.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        String csrf = org.jsoup.Jsoup.parse(form.body()).select("input[name=_csrf]").attr("value");
        HttpResponse<String> signedIn = http.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Cookie", cookie).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + name + "&password=" + password + "&_csrf="
                        + java.net.URLEncoder.encode(csrf, java.nio.charset.StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.headers().firstValue("Location").orElse("")).endsWith("/console");
        return signedIn.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
    }

    private static List<String> stored(ConversationService conversations, String chat) {
        Message in = conversations.findByExternalId(ChannelType.TELEGRAM, chat + ":11");
        return in == null ? List.of() : conversations.messages(in.conversationId()).stream()
                .map(m -> m.direction() + " " + m.externalId() + " " + m.status() + " attempts=" + m.attempts()
                        + " " + m.details() + " " + m.createdAt() + " sent=" + m.sentAt())
                .toList();
    }

    /** Whether the chat's message of that round has a reply that went out. */
    private static boolean answered(ConversationService conversations, long chat, int round) {
        Message in = conversations.findByExternalId(ChannelType.TELEGRAM, chat + ":" + (11 + round));
        return in != null && conversations.messages(in.conversationId()).stream()
                .anyMatch(m -> m.direction() == Direction.OUT && in.id().equals(m.answers())
                        && m.status() == DeliveryStatus.SENT);
    }

    private java.util.concurrent.CompletableFuture<HttpResponse<String>> postAsync(int port, String body) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + WEBHOOK_PATH))
                        .header("Content-Type", "application/json")
                        .header("X-Telegram-Bot-Api-Secret-Token", WEBHOOK_SECRET)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static List<LoggedRequest> sends(long firstChat, int chats) {
        return telegram.find(FakeBotApi.called("sendmessage")).stream()
                .filter(r -> {
                    long chat = Long.parseLong(chatId(r));
                    return chat >= firstChat && chat < firstChat + chats;
                })
                .sorted(Comparator.comparing(LoggedRequest::getLoggedDate))
                .toList();
    }

    private static String chatId(LoggedRequest request) {
        return JSON.readTree(request.getBodyAsString()).get("chat_id").asString();
    }

    /** The most of {@code times} (sorted, in ms) that fall in any window of {@code windowMillis}. */
    static int mostInAnyWindow(List<Long> times, long windowMillis) {
        int most = 0;
        for (int first = 0, last = 0; last < times.size(); last++) {
            while (times.get(last) - times.get(first) >= windowMillis) {
                first++;
            }
            most = Math.max(most, last - first + 1);
        }
        return most;
    }
}
