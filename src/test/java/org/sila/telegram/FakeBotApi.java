package org.sila.telegram;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * The Bot API as WireMock serves it to the real TelegramBots client: method paths are matched case-insensitively
 * (the client sends them lower-case). Updates for long polling are handed out in order, each to the
 * {@code getUpdates} call whose offset shows the previous one was confirmed.
 */
public final class FakeBotApi {

    public static final String TOKEN = "123456:TEST-not-a-real-token";
    static final String FIXTURES = "/payloads/telegram/";

    private final WireMock wireMock;
    private int offset;
    private int nextUpdateId = 1;

    public FakeBotApi(WireMock wireMock) {
        this.wireMock = wireMock;
    }

    /** What any bot needs: an empty long poll (held briefly, as Telegram holds it), sends that succeed. */
    public FakeBotApi withDefaults() {
        wireMock.register(method("getupdates").atPriority(10)
                .willReturn(okJson("{\"ok\":true,\"result\":[]}").withFixedDelay(150)));
        wireMock.register(method("deletewebhook").willReturn(okJson("{\"ok\":true,\"result\":true}")));
        wireMock.register(method("setwebhook").willReturn(okJson("{\"ok\":true,\"result\":true}")));
        wireMock.register(method("answercallbackquery").willReturn(okJson("{\"ok\":true,\"result\":true}")));
        wireMock.register(method("sendmessage").atPriority(10).willReturn(sent()));
        return this;
    }

    /** A sendMessage answer with a fresh message id, as Telegram gives. */
    public static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder sent() {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"ok\":true,\"result\":{\"message_id\":{{randomInt lower=1 upper=2000000000}},"
                        + "\"date\":1763800000,\"chat\":{\"id\":1,\"type\":\"private\"},\"text\":\"ok\"}}")
                .withTransformers("response-template");
    }

    public static MappingBuilder method(String name) {
        return post(urlPathMatching("(?i)/bot[^/]+/" + name));
    }

    public static RequestPatternBuilder called(String name) {
        return postRequestedFor(urlPathMatching("(?i)/bot[^/]+/" + name));
    }

    public static RequestPatternBuilder sentTo(long chatId) {
        return called("sendmessage").withRequestBody(matchingJsonPath("$.chat_id", WireMock.equalTo(
                Long.toString(chatId))));
    }

    public List<LoggedRequest> find(RequestPatternBuilder pattern) {
        return wireMock.find(pattern);
    }

    public void register(MappingBuilder mapping) {
        wireMock.register(mapping);
    }

    /** Hands the fixture, addressed to {@code chatId}, to the next long poll; returns its update id. */
    public synchronized int deliver(String fixture, long chatId) {
        return deliver(fixture, chatId, "");
    }

    public synchronized int deliver(String fixture, long chatId, String callbackData) {
        int id = nextUpdateId++;
        String update = update(fixture, chatId, id, callbackData);
        wireMock.register(method("getupdates").atPriority(1)
                .withRequestBody(matchingJsonPath("$[?(@.offset == " + offset + ")]"))
                .willReturn(okJson("{\"ok\":true,\"result\":[" + update + "]}")));
        offset = id + 1;
        return id;
    }

    /** The fixture as an update: its chat (and sender) become {@code chatId}, its update id {@code updateId}. */
    public static String update(String fixture, long chatId, int updateId, String callbackData) {
        return read(fixture).replace("100001", Long.toString(chatId))
                .replaceFirst("\"update_id\": *\\d+", "\"update_id\": " + updateId)
                .replace("__DATA__", callbackData);
    }

    static String read(String fixture) {
        try (InputStream in = FakeBotApi.class.getResourceAsStream(FIXTURES + fixture)) {
            if (in == null) {
                throw new IllegalArgumentException("No fixture " + fixture);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
