package org.sila.meta;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import org.sila.channel.ChannelType;
import org.sila.conversation.ConversationService;
import org.sila.conversation.Message;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * What the Meta tests share: one fake Graph API (WireMock) for the JVM, because every Meta test class runs in
 * the one Spring context these settings make, and that context keeps the fake's URL; webhook posting with
 * signed bodies; payload fixtures from {@code payloads/meta/}.
 */
abstract class MetaTestSupport {

    static final String APP_SECRET = "test-app-secret";
    static final String VERIFY_TOKEN = "test-verify-token";
    static final String PAGE_TOKEN = "test-page-token";
    static final long ATTACHMENT_LIMIT = 2048;
    static final String SEND_PATH = "/v25.0/me/messages";
    /** The hub's public address as Meta sees it, in the links to files it fetches. */
    static final String HUB_URL = "https://hub.example.org";

    static final WireMockServer GRAPH = new WireMockServer(WireMockConfiguration.options().dynamicPort()
            .bindAddress("127.0.0.1"));

    static {
        GRAPH.start();
        GRAPH.stubFor(post(urlPathEqualTo(SEND_PATH)).atPriority(10)
                .willReturn(okJson("{\"recipient_id\":\"{{jsonPath request.body '$.recipient.id'}}\","
                        + "\"message_id\":\"m_out_{{randomValue length=16 type='ALPHANUMERIC'}}\"}")
                        .withTransformers("response-template")));
        GRAPH.stubFor(get(urlPathMatching("/v25\\.0/[^/]+")).atPriority(10)
                .willReturn(okJson("{\"first_name\":\"فاطمة\",\"last_name\":\"الزهراني\",\"name\":\"فاطمة\","
                        + "\"username\":\"fatima.z\",\"id\":\"x\"}")));
        GRAPH.stubFor(get("/files/id-card.jpg").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "image/jpeg").withBody(bytes(1000))));
        GRAPH.stubFor(get("/files/visit.mp4").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "video/mp4").withBody(bytes((int) ATTACHMENT_LIMIT + 1))));
    }

    @DynamicPropertySource
    static void metaSettings(DynamicPropertyRegistry registry) {
        registry.add("sila.meta.app-secret", () -> APP_SECRET);
        registry.add("sila.meta.verify-token", () -> VERIFY_TOKEN);
        registry.add("sila.meta.page-access-token", () -> PAGE_TOKEN);
        registry.add("sila.meta.api-url", GRAPH::baseUrl);
        registry.add("sila.meta.max-attachment-bytes", () -> ATTACHMENT_LIMIT);
        registry.add("sila.meta.max-body-bytes", () -> 65536);
        registry.add("sila.meta.notification-tag", () -> "CONFIRMED_EVENT_UPDATE");
        registry.add("sila.meta.human-agent-tag", () -> true);
        registry.add("sila.meta.timeout", () -> "15s");
        registry.add("sila.file-links.public-url", () -> HUB_URL);
        // the fake serves the files too, over http on this machine
        registry.add("sila.meta.media-hosts", () -> "localhost");
        registry.add("sila.meta.allow-local-media", () -> true);
    }

    @LocalServerPort
    int port;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    ConversationService conversations;

    final HttpClient http = HttpClient.newHttpClient();

    /** A fresh Page-scoped user id, so tests never see each other's messages. */
    static String newUser() {
        return "u" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    static String fixture(String name, Map<String, String> values) {
        try (InputStream in = MetaTestSupport.class.getResourceAsStream("/payloads/meta/" + name)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (var value : values.entrySet()) {
                text = text.replace("{{" + value.getKey() + "}}", value.getValue());
            }
            return text.replace("{{now}}", Long.toString(System.currentTimeMillis()))
                    .replace("{{files}}", GRAPH.baseUrl() + "/files");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sign(byte[] body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> postSigned(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return postWebhook(bytes, sign(bytes, APP_SECRET));
    }

    /** Posts a signed fixture, as Meta would, and expects it stored (200). */
    void deliver(String fixture, Map<String, String> values) {
        var response = postSigned(fixture(fixture, values));
        if (response.statusCode() != 200) {
            throw new AssertionError("Delivery of " + fixture + ": " + response.statusCode() + " " + response.body());
        }
    }

    HttpResponse<String> postWebhook(byte[] body, String signature) {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/meta"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", "application/json");
        if (signature != null) {
            request.header("X-Hub-Signature-256", signature);
        }
        return send(request.build());
    }

    HttpResponse<String> getWebhook(String query) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/meta?" + query))
                .GET().build());
    }

    Message stored(ChannelType channel, String externalId) {
        return conversations.findByExternalId(channel, externalId);
    }

    /** Nothing at all stored for this user: no message, no identity. */
    boolean nothingStoredFor(ChannelType channel, String user, String externalId) {
        return stored(channel, externalId) == null && conversations.identity(channel, user).isEmpty();
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) i;
        }
        return b;
    }
}
