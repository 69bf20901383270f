package org.sila;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Talks to the web chat API over real HTTP, as the widget does. */
public class WebChatClient {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    public final String sessionId;
    public final String token;

    private WebChatClient(int port, String sessionId, String token) {
        this.base = "http://127.0.0.1:" + port;
        this.sessionId = sessionId;
        this.token = token;
    }

    /** A session the widget kept (in the browser's storage) across a restart of the hub. */
    public static WebChatClient resume(int port, String sessionId, String token) {
        return new WebChatClient(port, sessionId, token);
    }

    public WebChatClient(int port) {
        this.base = "http://127.0.0.1:" + port;
        JsonNode session = JSON.readTree(send(HttpRequest.newBuilder(URI.create(base + "/api/webchat/sessions"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json")
                .build()).body());
        this.sessionId = session.get("sessionId").asString();
        this.token = session.get("token").asString();
    }

    public HttpResponse<String> post(String text) {
        return postJson(JSON.writeValueAsString(java.util.Map.of("text", text)));
    }

    public HttpResponse<String> postJson(String json) {
        return postRaw(json.getBytes(StandardCharsets.UTF_8), "Bearer " + token);
    }

    public HttpResponse<String> postRaw(byte[] body, String authorization) {
        var request = HttpRequest.newBuilder(URI.create(base + "/api/webchat/sessions/" + sessionId + "/messages"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request.build());
    }

    public HttpResponse<String> getMessagesResponse(String authorization) {
        var request = HttpRequest.newBuilder(URI.create(base + "/api/webchat/sessions/" + sessionId + "/messages"));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request.build());
    }

    public List<JsonNode> messages() {
        var response = getMessagesResponse("Bearer " + token);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET messages: " + response.statusCode() + " " + response.body());
        }
        List<JsonNode> list = new ArrayList<>();
        JSON.readTree(response.body()).forEach(list::add);
        return list;
    }

    public URI streamUri() {
        return URI.create(base + "/api/webchat/sessions/" + sessionId + "/stream");
    }

    public HttpClient http() {
        return http;
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
}
