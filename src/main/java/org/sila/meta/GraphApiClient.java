package org.sila.meta;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import org.sila.channel.ChannelSendException;
import org.sila.channel.ChannelType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The few Graph API calls the adapter makes: the Send API, the user profile, and fetching attachment files. The
 * Page token travels in the Authorization header (never in a logged URL), with {@code appsecret_proof}.
 */
class GraphApiClient {

    private static final Logger log = LoggerFactory.getLogger(GraphApiClient.class);

    /** Graph API error codes that mean "too many calls, later": app, user, page and Messenger rate limits. */
    private static final Set<Integer> RATE_LIMITS = Set.of(4, 17, 32, 613, 80006);
    /** Temporary and unknown server errors. */
    private static final Set<Integer> TRANSIENT = Set.of(1, 2);
    /** "This person isn't available right now". */
    private static final int USER_UNAVAILABLE = 551;
    /** Code 10 with this subcode: sent outside the allowed messaging window. */
    static final int OUTSIDE_WINDOW_SUBCODE = 2018278;
    /** Code 100 with this subcode: no such user for this Page. */
    private static final int NO_MATCHING_USER_SUBCODE = 2018001;

    private final MetaProperties properties;
    private final MetaSignature signature;
    private final HttpClient http;
    private final JsonMapper json;

    GraphApiClient(MetaProperties properties, MetaSignature signature, JsonMapper json) {
        this.properties = properties;
        this.signature = signature;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(properties.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * Posts one Send API request.
     *
     * @return Meta's id of the sent message
     * @throws ChannelSendException retryable for rate limits, 5xx and network trouble; else permanent (or
     *                              unreachable) with Meta's code and message
     */
    String send(JsonNode request) {
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(api("me/messages"))
                            .timeout(properties.timeout())
                            .header("Authorization", "Bearer " + properties.pageAccessToken())
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(request)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw ChannelSendException.retryable("NETWORK", "Meta's Send API did not answer: " + e, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ChannelSendException.retryable("INTERRUPTED", "Interrupted while sending", null, e);
        }
        JsonNode body = parse(response.body());
        if (response.statusCode() / 100 == 2 && body.path("message_id").isString()) {
            return body.path("message_id").asString();
        }
        throw failure(response, body);
    }

    /** The name Meta shows for a Messenger or Instagram user, when the profile API gives it. */
    Optional<String> profileName(ChannelType channel, String userId) {
        String fields = channel == ChannelType.INSTAGRAM ? "name,username" : "first_name,last_name";
        try {
            var response = http.send(HttpRequest.newBuilder(api(encode(userId) + "?fields=" + fields))
                            .timeout(properties.timeout())
                            .header("Authorization", "Bearer " + properties.pageAccessToken()).GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() != 200) {
                log.debug("Profile of {} on {}: HTTP {}", userId, channel, response.statusCode());
                return Optional.empty();
            }
            JsonNode profile = parse(response.body());
            String name = channel == ChannelType.INSTAGRAM
                    ? firstText(profile.path("name").asString(""), profile.path("username").asString(""))
                    : (profile.path("first_name").asString("") + " " + profile.path("last_name").asString("")).strip();
            return name.isBlank() ? Optional.empty() : Optional.of(name);
        } catch (IOException e) {
            log.debug("Profile of {} on {} not fetched: {}", userId, channel, e.toString());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Redirects followed for one file, each to an allowed host again. */
    private static final int MAX_REDIRECTS = 3;

    /**
     * Fetches a file Meta links to, reading no more than {@code limit} bytes. Only from Meta's media hosts
     * ({@link MetaProperties#mediaHosts()}) over https, never from a loopback, private or link-local address, and
     * a redirect only to such a host again: a webhook's URL must not make the hub fetch from inside its network.
     */
    Download download(String url, long limit) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return new Download.Failed("not a valid link");
        }
        try {
            for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
                String refused = refusal(uri);
                if (refused != null) {
                    return new Download.Failed(refused);
                }
                HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(uri)
                        .timeout(properties.timeout()).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream in = response.body()) {
                    if (response.statusCode() / 100 == 3 && response.headers().firstValue("Location").isPresent()) {
                        uri = uri.resolve(response.headers().firstValue("Location").get());
                        continue;
                    }
                    if (response.statusCode() != 200) {
                        return new Download.Failed("HTTP " + response.statusCode());
                    }
                    long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
                    if (declared > limit) {
                        return new Download.TooLarge(declared);
                    }
                    byte[] content = in.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 8));
                    if (content.length > limit) {
                        return new Download.TooLarge(-1);
                    }
                    return new Download.Fetched(content, response.headers().firstValue("Content-Type").orElse(null),
                            fileName(uri));
                }
            }
            return new Download.Failed("too many redirects");
        } catch (IOException | IllegalArgumentException e) {
            return new Download.Failed(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Download.Failed("interrupted");
        }
    }

    /** Why this link is not fetched, or null when it may be. */
    private String refusal(URI uri) throws IOException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("https") && !(properties.allowLocalMedia() && scheme.equals("http"))) {
            return "not an https link";
        }
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(java.util.Locale.ROOT);
        if (properties.mediaHosts().stream().noneMatch(allowed -> host.equals(allowed) || host.endsWith("." + allowed))) {
            return "not one of Meta's media hosts: " + host;
        }
        if (!properties.allowLocalMedia()) {
            for (java.net.InetAddress address : java.net.InetAddress.getAllByName(host)) {
                if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isSiteLocalAddress()
                        || address.isLinkLocalAddress() || address.isMulticastAddress()
                        || isUniqueLocal(address)) {
                    return "a local or private address: " + address.getHostAddress();
                }
            }
        }
        return null;
    }

    /** IPv6 unique local addresses (fc00::/7), which Java's {@code isSiteLocalAddress} does not count. */
    private static boolean isUniqueLocal(java.net.InetAddress address) {
        return address instanceof java.net.Inet6Address && (address.getAddress()[0] & 0xFE) == 0xFC;
    }

    sealed interface Download {
        record Fetched(byte[] content, String contentType, String fileName) implements Download {
        }

        /** @param size the size Meta's server declared, or -1 when it only showed while reading */
        record TooLarge(long size) implements Download {
        }

        record Failed(String reason) implements Download {
        }
    }

    private ChannelSendException failure(HttpResponse<String> response, JsonNode body) {
        int status = response.statusCode();
        JsonNode error = body.path("error");
        int code = error.path("code").asInt(0);
        int subcode = error.path("error_subcode").asInt(0);
        String message = error.path("message").asString("HTTP " + status + " from Meta's Send API");
        String codeText = "META_" + (code == 0 ? "HTTP_" + status : code + (subcode == 0 ? "" : "/" + subcode));
        if (status == 429 || RATE_LIMITS.contains(code)) {
            Duration retryAfter = response.headers().firstValueAsLong("Retry-After").stream()
                    .mapToObj(Duration::ofSeconds).findFirst().orElse(null);
            return ChannelSendException.retryable(codeText, "Meta rate limit: " + message, retryAfter, null);
        }
        if (status >= 500 || TRANSIENT.contains(code) || error.path("is_transient").asBoolean(false)) {
            return ChannelSendException.retryable(codeText, message, null, null);
        }
        if (code == 10 && subcode == OUTSIDE_WINDOW_SUBCODE) {
            return ChannelSendException.permanent(MetaSender.OUTSIDE_WINDOW,
                    "Meta refused the message as outside the messaging window (" + message + ")", null);
        }
        if (code == USER_UNAVAILABLE || subcode == NO_MATCHING_USER_SUBCODE) {
            return ChannelSendException.unreachable(codeText, message);
        }
        return ChannelSendException.permanent(codeText, message, null);
    }

    private JsonNode parse(String body) {
        try {
            JsonNode node = json.readTree(body == null || body.isBlank() ? "{}" : body);
            return node == null ? json.createObjectNode() : node;
        } catch (JacksonException e) {
            return json.createObjectNode();
        }
    }

    private URI api(String pathAndQuery) {
        String separator = pathAndQuery.contains("?") ? "&" : "?";
        return URI.create(properties.apiUrl() + "/" + properties.apiVersion() + "/" + pathAndQuery + separator
                + "appsecret_proof=" + signature.proof(properties.pageAccessToken()));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String firstText(String a, String b) {
        return a.isBlank() ? b : a;
    }

    private static String fileName(URI uri) {
        String path = uri.getPath();
        if (path == null || path.isEmpty() || path.endsWith("/")) {
            return null;
        }
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
