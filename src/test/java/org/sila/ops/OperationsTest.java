package org.sila.ops;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.sila.HubTest;
import org.sila.WebChatClient;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What an operator reaches over HTTP: health, Prometheus metrics behind the scraper's password, the API description. */
@HubTest
class OperationsTest {

    private static final String SCRAPER = "Basic " + Base64.getEncoder()
            .encodeToString("prometheus:test-scraper-password".getBytes(StandardCharsets.UTF_8));

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Test
    void healthIsPublicButOnlyTheScraperSeesTheStoreAndEachChannel() throws Exception {
        HttpResponse<String> anonymous = get("/actuator/health", null);
        assertThat(anonymous.statusCode()).isEqualTo(200);
        JsonNode status = WebChatClient.JSON.readTree(anonymous.body());
        assertThat(status.get("status").asString()).isEqualTo("UP");
        assertThat(status.has("components")).isFalse();

        JsonNode details = WebChatClient.JSON.readTree(get("/actuator/health", SCRAPER).body());
        assertThat(details.at("/components/store/status").asString()).isEqualTo("UP");
        assertThat(details.at("/components/store/details/store").asString()).isEqualTo("embedded, in memory");
        assertThat(details.at("/components/channels/components/webchat/status").asString()).isEqualTo("UP");
        // Channels without credentials are off, so they have no health to report.
        assertThat(details.at("/components/channels/components/telegram").isMissingNode()).isTrue();
    }

    @Test
    void metricsAreTheScrapersOnly() throws Exception {
        assertThat(get("/actuator/prometheus", null).statusCode()).isEqualTo(401);
        String wrong = "Basic " + Base64.getEncoder().encodeToString("prometheus:guess".getBytes(StandardCharsets.UTF_8));
        assertThat(get("/actuator/prometheus", wrong).statusCode()).isEqualTo(401);
        assertThat(get("/actuator/metrics", null).statusCode()).isEqualTo(401);
        assertThat(get("/actuator/prometheus", null).headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Test
    void aWebChatConversationShowsInTheMetrics() throws Exception {
        var chat = new WebChatClient(port);
        chat.post("ما هي مواعيد العمل؟");
        await().until(() -> chat.messages().stream().anyMatch(m -> "OUT".equals(m.get("direction").asString())));

        await().untilAsserted(() -> {
            String metrics = get("/actuator/prometheus", SCRAPER).body();
            assertThat(value(metrics, "sila_messages_total{", "channel=\"WEBCHAT\"", "direction=\"in\""))
                    .isGreaterThanOrEqualTo(1);
            assertThat(value(metrics, "sila_messages_total{", "channel=\"WEBCHAT\"", "direction=\"out\""))
                    .isGreaterThanOrEqualTo(1);
            assertThat(value(metrics, "sila_bot_replies_total{", "outcome=\"answer\"")).isGreaterThanOrEqualTo(1);
            assertThat(value(metrics, "sila_provider_calls_seconds_count{", "channel=\"WEBCHAT\"",
                    "outcome=\"sent\"")).isGreaterThanOrEqualTo(1);
            assertThat(metrics).contains("sila_outbox_queued{", "sila_outbox_oldest_age_seconds{");
        });
    }

    @Test
    void theWebChatApiIsDescribedFromItsController() throws Exception {
        HttpResponse<String> response = get("/v3/api-docs", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(get("/api-docs.html", null).statusCode()).isIn(200, 302);
        JsonNode api = WebChatClient.JSON.readTree(response.body());
        assertThat(api.get("openapi").asString()).startsWith("3.");
        assertThat(api.get("paths").propertyNames()).contains("/api/webchat/sessions",
                "/api/webchat/sessions/{sessionId}/messages", "/api/webchat/sessions/{sessionId}/stream");
        JsonNode post = api.at("/paths/~1api~1webchat~1sessions~1{sessionId}~1messages/post");
        assertThat(post.at("/requestBody/content/application~1json/schema/$ref").asString())
                .endsWith("/WebChatPost");
        assertThat(api.at("/components/schemas/WebChatPost/required").toString()).contains("text");
        assertThat(post.at("/responses").propertyNames()).contains("202", "400", "401", "429");
        assertThat(post.at("/security/0").propertyNames()).contains("sessionToken");
        assertThat(api.at("/components/securitySchemes/sessionToken/scheme").asString()).isEqualTo("bearer");
        // Only the public API: nothing of the console or the webhooks.
        assertThat(api.get("paths").propertyNames()).allMatch(path -> path.startsWith("/api/webchat/"));
    }

    /** The value of the Prometheus sample whose line starts with {@code name} and has all {@code labels}. */
    private static double value(String metrics, String name, String... labels) {
        return metrics.lines().filter(line -> line.startsWith(name))
                .filter(line -> java.util.Arrays.stream(labels).allMatch(line::contains))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
