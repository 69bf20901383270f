package org.sila.telegram;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicLong;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sila.HubTest;
import org.sila.channel.ChannelType;
import org.sila.conversation.ConversationService;
import org.sila.conversation.Message;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
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
}
