package org.sila.telegram;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sila.HubTest;
import org.sila.PeerCorpus;
import org.sila.channel.ChannelType;
import org.sila.channel.InboundRules;
import org.sila.channel.SharedContent;
import org.sila.conversation.ConversationService;
import org.sila.conversation.ConversationStatus;
import org.sila.conversation.Message;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.sila.telegram.FakeBotApi.called;

/** Webhook mode: Telegram posts updates to the hub, which answers 200 only once they are stored. */
@HubTest
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class TelegramWebhookTest {

    static final String SECRET = "webhook-secret-for-tests_0123456789";
    static final String PUBLIC_URL = "https://hub.example.org" + TelegramWebhookController.PATH;

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort())
            .resetOnEachTest(false).build();

    static FakeBotApi telegram;
    private static final AtomicLong CHATS = new AtomicLong(700_000);
    private static final AtomicLong UPDATES = new AtomicLong(9_000);
    private static final AtomicLong FRESH = new AtomicLong(1);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;
    @Autowired
    ConversationService conversations;
    @Autowired
    MongoTemplate mongo;

    @DynamicPropertySource
    static void telegram(DynamicPropertyRegistry registry) {
        registry.add("sila.telegram.token", () -> FakeBotApi.TOKEN);
        registry.add("sila.telegram.api-url", wm::baseUrl);
        registry.add("sila.telegram.mode", () -> "webhook");
        registry.add("sila.telegram.webhook-secret", () -> SECRET);
        registry.add("sila.telegram.webhook-url", () -> PUBLIC_URL);
    }

    @BeforeAll
    static void botApi() {
        telegram = new FakeBotApi(wm.getRuntimeInfo().getWireMock()).withDefaults();
        telegram.register(FakeBotApi.method("getfile").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"ok\":true,\"result\":{\"file_id\":\"f\",\"file_unique_id\":\"u\",\"file_size\":64,"
                        + "\"file_path\":\"files/file.bin\"}}")));
        wm.stubFor(get(urlPathMatching("/file/bot[^/]+/files/file.bin"))
                .willReturn(aResponse().withStatus(200).withBody(new byte[64])));
    }

    static List<PeerCorpus.Hook> corpus() {
        return PeerCorpus.hooks("telegram");
    }

    /**
     * Plays the Telegram payloads of the peer corpus (other projects' fixtures), each as a fresh delivery from a
     * fresh chat: a person's message is stored once and answered; group and channel posts, payments and membership
     * changes are neither.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void eachPeerPayloadMeetsItsExpectation(PeerCorpus.Hook hook) throws Exception {
        String body = fresh(hook.body(), FRESH.getAndIncrement() * 1_000_000L);
        var probe = new PeerCorpus.Probe(mongo);
        var response = post(body, SECRET);
        PeerCorpus.Outcome outcome = probe.after(response.statusCode());
        boolean met = outcome.meets(hook.expect());
        PeerCorpus.record("telegram", hook.file(), hook.expect(), outcome.toString(), met);
        assertThat(met).as("%s expected %s, got %s (%s)", hook.file(), hook.expect(), outcome, response.body())
                .isTrue();
    }

    @Test
    void aTextLongerThanTelegramAllowsIsRefusedAndNothingIsStored() throws Exception {
        long chat = CHATS.incrementAndGet();
        String update = FakeBotApi.update("message-text.json", chat, (int) UPDATES.incrementAndGet(), "")
                .replace("السلام عليكم", "ا".repeat(InboundRules.MAX_TEXT_CHARS + 1));
        assertThat(post(update, SECRET).statusCode()).isEqualTo(400);
        assertThat(conversations.findByExternalId(ChannelType.TELEGRAM, chat + ":11")).isNull();
    }

    @Test
    void aVenueIsKeptAsAPlaceAndAnsweredWithAQuestionBack() throws Exception {
        long chat = CHATS.incrementAndGet();
        String update = FakeBotApi.update("message-text.json", chat, (int) UPDATES.incrementAndGet(), "")
                .replace("\"text\": \"السلام عليكم\"", "\"location\": {\"latitude\": 32.8872, \"longitude\": 13.1913}, "
                        + "\"venue\": {\"location\": {\"latitude\": 32.8872, \"longitude\": 13.1913}, "
                        + "\"title\": \"مكتب الجمعية\", \"address\": \"شارع عمر المختار، طرابلس\"}");
        assertThat(post(update, SECRET).statusCode()).isEqualTo(200);
        Message in = conversations.findByExternalId(ChannelType.TELEGRAM, chat + ":11");
        assertThat(SharedContent.of(in.details())).contains(
                new SharedContent.Location(32.8872, 13.1913, "مكتب الجمعية", "شارع عمر المختار، طرابلس"));
        await().untilAsserted(() -> assertThat(telegram.find(FakeBotApi.sentTo(chat)
                .withRequestBody(containing("وصلنا موقعك")))).hasSize(1));
    }

    @Test
    void aVoiceNoteIsHandedToStaffWithWordToTheBeneficiary() throws Exception {
        long chat = CHATS.incrementAndGet();
        String update = FakeBotApi.update("message-text.json", chat, (int) UPDATES.incrementAndGet(), "")
                .replace("\"text\": \"السلام عليكم\"", "\"voice\": {\"file_id\": \"VOICE-1\", "
                        + "\"file_unique_id\": \"v1\", \"duration\": 4, \"mime_type\": \"audio/ogg\", \"file_size\": 64}");
        assertThat(post(update, SECRET).statusCode()).isEqualTo(200);
        Message in = conversations.findByExternalId(ChannelType.TELEGRAM, chat + ":11");
        assertThat(in.attachments()).singleElement().satisfies(a -> assertThat(a.contentType()).isEqualTo("audio/ogg"));
        await().untilAsserted(() -> assertThat(telegram.find(FakeBotApi.sentTo(chat)
                .withRequestBody(containing("رسالتك الصوتية")))).hasSize(1));
        assertThat(conversations.conversation(in.conversationId()).orElseThrow().status())
                .isEqualTo(ConversationStatus.WAITING);
    }

    @Test
    void theBotRegistersItsWebhookWithTheSecretAndDoesNotPoll() {
        // setWebhook goes as a multipart form (it may carry a certificate).
        await().untilAsserted(() -> assertThat(telegram.find(called("setwebhook")
                .withRequestBody(containing(PUBLIC_URL)).withRequestBody(containing(SECRET)))).hasSize(1));
        assertThat(telegram.find(called("getupdates"))).isEmpty();
    }

    @Test
    void anUpdateWithTheSecretIsStoredOnceHoweverOftenItComes() throws Exception {
        long chat = CHATS.incrementAndGet();
        String update = FakeBotApi.update("message-text.json", chat, (int) UPDATES.incrementAndGet(), "");
        assertThat(post(update, SECRET).statusCode()).isEqualTo(200);
        Message stored = conversations.findByExternalId(ChannelType.TELEGRAM, chat + ":11");
        assertThat(stored).isNotNull(); // stored before the 200
        assertThat(stored.text()).isEqualTo("السلام عليكم");

        assertThat(post(update, SECRET).statusCode()).isEqualTo(200);
        assertThat(mongo.getCollection("messages").countDocuments(
                new org.bson.Document("externalKey", "TELEGRAM:" + chat + ":11"))).isEqualTo(1);
        await().untilAsserted(() -> assertThat(telegram.find(FakeBotApi.sentTo(chat))).hasSize(1));
    }

    @Test
    void aWrongOrMissingSecretIsRefusedAndNothingIsStored() throws Exception {
        long chat = CHATS.incrementAndGet();
        String update = FakeBotApi.update("message-text.json", chat, (int) UPDATES.incrementAndGet(), "");
        long before = mongo.getCollection("messages").countDocuments();
        assertThat(post(update, "not-the-secret-at-all-000000").statusCode()).isEqualTo(403);
        assertThat(post(update, null).statusCode()).isEqualTo(403);
        assertThat(conversations.findByExternalId(ChannelType.TELEGRAM, chat + ":11")).isNull();
        assertThat(conversations.identity(ChannelType.TELEGRAM, Long.toString(chat))).isEmpty();
        assertThat(mongo.getCollection("messages").countDocuments()).isEqualTo(before);
    }

    @Test
    void malformedJsonIsA400() throws Exception {
        long before = mongo.getCollection("messages").countDocuments();
        assertThat(post("{\"update_id\": 5, \"message\": {", SECRET).statusCode()).isEqualTo(400);
        assertThat(post("[1, 2]", SECRET).statusCode()).isEqualTo(400);
        assertThat(post("{}", SECRET).statusCode()).isEqualTo(400);
        assertThat(mongo.getCollection("messages").countDocuments()).isEqualTo(before);
    }

    @Test
    void aGroupMessageIsAcknowledgedButNotStored() throws Exception {
        long chat = CHATS.incrementAndGet();
        String update = FakeBotApi.update("group-message.json", chat, (int) UPDATES.incrementAndGet(), "");
        assertThat(post(update, SECRET).statusCode()).isEqualTo(200);
        assertThat(conversations.findByExternalId(ChannelType.TELEGRAM, "-100200300:17")).isNull();
    }

    private HttpResponse<String> post(String body, String secret) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + TelegramWebhookController.PATH))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (secret != null) {
            request.header(TelegramWebhookController.SECRET_HEADER, secret);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The payload as a new delivery from a new person: every id moved by {@code offset}, signs kept. */
    static String fresh(String payload, long offset) throws Exception {
        JsonNode tree = JSON.readTree(payload);
        if (!tree.has("update_id") && tree.has("message_id")) {
            tree = JSON.createObjectNode().put("update_id", 1).set("message", tree); // a bare Message, as index.tsv says
        }
        shift(tree, offset);
        return JSON.writeValueAsString(tree);
    }

    private static void shift(JsonNode node, long offset) {
        if (node instanceof ObjectNode object) {
            for (var field : List.copyOf(object.properties())) {
                JsonNode value = field.getValue();
                if (value.isIntegralNumber() && List.of("id", "user_id", "message_id", "update_id")
                        .contains(field.getKey())) {
                    long id = value.asLong();
                    object.put(field.getKey(), id < 0 ? id - offset : id + offset);
                } else {
                    shift(value, offset);
                }
            }
        } else if (node != null && node.isArray()) {
            node.forEach(element -> shift(element, offset));
        }
    }
}
