package org.sila.twilio;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import org.sila.channel.Attachment;

/**
 * Downloads what Twilio holds for a message or call (MMS and WhatsApp media, voicemail recordings) with the
 * account's credentials, so the store keeps the file after Twilio's copy is gone. Credentials go only to Twilio's
 * API (or the configured fake); the redirect Twilio answers with (to its file store) is followed without them.
 */
class TwilioMedia {

    private static final int MAX_REDIRECTS = 3;

    private final TwilioProperties properties;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    TwilioMedia(TwilioProperties properties) {
        this.properties = properties;
    }

    /** A file Twilio could not hand over, or one over the size limit: the message is kept without it. */
    static final class Unavailable extends Exception {
        Unavailable(String message) {
            super(message);
        }
    }

    Attachment fetch(String rawUrl, String contentType, String fileName) throws Unavailable {
        URI url;
        try {
            url = URI.create(rawUrl);
        } catch (IllegalArgumentException e) {
            throw new Unavailable("not a URL");
        }
        if (!TwilioHttpClient.isTwilioApi(url)) {
            throw new Unavailable("not a Twilio media URL");
        }
        URI target = TwilioHttpClient.rebase(url, properties.apiUrl());
        boolean authorised = true;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpResponse<InputStream> response = get(target, authorised);
            int status = response.statusCode();
            if (status >= 300 && status < 400) {
                String location = response.headers().firstValue("Location").orElse(null);
                close(response);
                if (location == null) {
                    throw new Unavailable("redirect without a location");
                }
                target = target.resolve(location);
                authorised = false;
                continue;
            }
            if (status != 200) {
                close(response);
                throw new Unavailable("Twilio answered " + status);
            }
            long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > properties.maxMediaBytes()) {
                close(response);
                throw new Unavailable("larger than " + properties.maxMediaBytes() + " bytes");
            }
            byte[] content;
            try (InputStream in = response.body()) {
                content = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, properties.maxMediaBytes() + 1));
            } catch (IOException e) {
                throw new Unavailable("download broke off: " + e.getMessage());
            }
            if (content.length > properties.maxMediaBytes()) {
                throw new Unavailable("larger than " + properties.maxMediaBytes() + " bytes");
            }
            String type = contentType != null ? contentType
                    : response.headers().firstValue("Content-Type").orElse(null);
            return new Attachment(fileName, type, content);
        }
        throw new Unavailable("too many redirects");
    }

    private HttpResponse<InputStream> get(URI target, boolean authorised) throws Unavailable {
        var request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(30)).GET();
        if (authorised) {
            String credentials = properties.accountSid() + ":" + properties.authToken();
            request.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new Unavailable("could not reach Twilio: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted");
        }
    }

    private static void close(HttpResponse<InputStream> response) {
        try {
            response.body().close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
