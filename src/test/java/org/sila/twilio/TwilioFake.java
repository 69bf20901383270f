package org.sila.twilio;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/** Twilio's REST API played by WireMock (one server for the whole test run) and the payload samples. */
final class TwilioFake {

    static final String ACCOUNT_SID = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    static final String AUTH_TOKEN = "test-auth-token-0123456789abcdef";
    static final String PUBLIC_URL = "https://hub.example.org";
    static final String SMS_FROM = "+15005550006";
    static final String WHATSAPP_FROM = "+14155238886";
    static final String TEMPLATE_SID = "HX00000000000000000000000000000001";
    static final String MESSAGES_PATH = "/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages.json";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static WireMockServer server;

    private TwilioFake() {
    }

    static synchronized WireMockServer server() {
        if (server == null) {
            server = new WireMockServer(options().dynamicPort().globalTemplating(true));
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        }
        return server;
    }

    static String baseUrl() {
        return server().baseUrl();
    }

    /** Forgets earlier requests and stubs; message creation answers 201 with a fresh SID. */
    static void reset() {
        server().resetAll();
        server().stubFor(post(urlPathEqualTo(MESSAGES_PATH)).atPriority(10)
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody(fixture("message-created.json"))));
    }

    /** The form bodies of the message creations Twilio received, oldest first. */
    static List<Map<String, String>> sentMessages() {
        return server().findAll(postRequestedFor(urlPathEqualTo(MESSAGES_PATH))).stream()
                .map(TwilioFake::form).toList();
    }

    static Map<String, String> form(LoggedRequest request) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : request.getBodyAsString().split("&")) {
            String[] kv = pair.split("=", 2);
            form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    kv.length == 2 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return form;
    }

    static String fixture(String name) {
        try (InputStream in = TwilioFake.class.getResourceAsStream("/payloads/twilio/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("No fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A webhook payload sample, with some fields replaced. */
    static Map<String, String> payload(String name, String... overrides) {
        Map<String, String> params = new LinkedHashMap<>(JSON.readValue(fixture(name),
                new TypeReference<Map<String, String>>() { }));
        for (int i = 0; i < overrides.length; i += 2) {
            params.put(overrides[i], overrides[i + 1]);
        }
        return params;
    }
}
