package org.sila.twilio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Posts webhooks to the hub as Twilio does: form-encoded, signed with {@code X-Twilio-Signature} computed by
 * Twilio's documented algorithm (HMAC-SHA1 of the full URL followed by the POST parameters sorted by name,
 * Base64) over the URL Twilio called, i.e. the hub's public URL.
 */
final class TwilioWebhookClient {

    private final HttpClient http = HttpClient.newHttpClient();
    private final String local;
    private final String publicBase;
    private final String authToken;

    TwilioWebhookClient(int port, String publicBase, String authToken) {
        this.local = "http://127.0.0.1:" + port;
        this.publicBase = publicBase;
        this.authToken = authToken;
    }

    HttpResponse<String> post(String pathAndQuery, Map<String, String> params) {
        return post(pathAndQuery, params, signature(publicBase + pathAndQuery, params, authToken));
    }

    HttpResponse<String> post(String pathAndQuery, Map<String, String> params, String signature,
                              String... headers) {
        String body = params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        var request = HttpRequest.newBuilder(URI.create(local + pathAndQuery))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (signature != null) {
            request.header("X-Twilio-Signature", signature);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String signature(String url, Map<String, String> params, String authToken) {
        var data = new StringBuilder(url);
        new TreeMap<>(params).forEach((k, v) -> data.append(k).append(v));
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
