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
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sila.HubTest;
import org.sila.PeerCorpus;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plays the Telegram payloads of the peer corpus (other projects' fixtures) into the webhook, each as a fresh
 * delivery from a fresh chat, and checks what became of it: a person's message is stored once and answered, what
 * is not a person's message (group and channel posts, payments, membership changes) is neither.
 */
@HubTest
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class TelegramCorpusTest {

    private static final String SECRET = "corpus-webhook-secret_0123456789";
    private static final AtomicLong FRESH = new AtomicLong(1);
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()
            .globalTemplating(false)).resetOnEachTest(false).build();

    @LocalServerPort
    int port;
    @Autowired
    MongoTemplate mongo;

    @DynamicPropertySource
    static void telegram(DynamicPropertyRegistry registry) {
        registry.add("sila.telegram.token", () -> FakeBotApi.TOKEN);
        registry.add("sila.telegram.api-url", wm::baseUrl);
        registry.add("sila.telegram.mode", () -> "webhook");
        registry.add("sila.telegram.webhook-secret", () -> SECRET);
        registry.add("sila.telegram.webhook-url", () -> "https://hub.example.org" + TelegramWebhookController.PATH);
    }

    @BeforeAll
    static void botApi() {
        var api = new FakeBotApi(wm.getRuntimeInfo().getWireMock()).withDefaults();
        api.register(FakeBotApi.method("getfile").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"ok\":true,\"result\":{\"file_id\":\"f\",\"file_unique_id\":\"u\",\"file_size\":64,"
                        + "\"file_path\":\"files/file.bin\"}}")));
        wm.stubFor(get(urlPathMatching("/file/bot[^/]+/files/file.bin"))
                .willReturn(aResponse().withStatus(200).withBody(new byte[64])));
    }

    static List<PeerCorpus.Hook> payloads() {
        return PeerCorpus.hooks("telegram");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("payloads")
    void eachPayloadMeetsItsExpectation(PeerCorpus.Hook hook) throws Exception {
        String body = fresh(hook.body(), FRESH.getAndIncrement() * 1_000_000L);
        var probe = new PeerCorpus.Probe(mongo);
        var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + TelegramWebhookController.PATH))
                .header("Content-Type", "application/json").header(TelegramWebhookController.SECRET_HEADER, SECRET)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        PeerCorpus.Outcome outcome = probe.after(response.statusCode());
        boolean met = outcome.meets(hook.expect());
        PeerCorpus.record("telegram", hook.file(), hook.expect(), outcome.toString(), met);
        assertThat(met).as("%s expected %s, got %s (%s)", hook.file(), hook.expect(), outcome, response.body())
                .isTrue();
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
