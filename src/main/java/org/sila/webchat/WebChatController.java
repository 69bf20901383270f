package org.sila.webchat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.sila.channel.ChannelType;
import org.sila.channel.FileLinks;
import org.sila.channel.OutboundFiles;
import org.sila.channel.ConversationHistory;
import org.sila.channel.InboundGateway;
import org.sila.channel.InboundMessage;
import org.sila.channel.InboundReceipt;
import org.sila.channel.Sender;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The web chat widget's API. Everything a request carries is checked (token, UTF-8, JSON, length, rate) before
 * anything is stored, so a bad request changes nothing.
 */
@RestController
@RequestMapping("/api/webchat/sessions")
@Tag(name = "Web chat", description = "The widget's API: one session per visitor, its messages and their stream")
@SecurityScheme(name = WebChatController.TOKEN, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "The session's token, from POST /api/webchat/sessions")
@EnableConfigurationProperties(WebChatProperties.class)
class WebChatController {

    static final String TOKEN = "sessionToken";

    private static final int MAX_CLIENT_ID_LENGTH = 100;

    private final InboundGateway inbound;
    private final ConversationHistory history;
    private final WebChatTokens tokens;
    private final WebChatStreams streams;
    private final WebChatProperties properties;
    private final OutboundFiles files;
    private final JsonMapper json = JsonMapper.builder().build();
    private final RateLimits messagesBySession;
    private final RateLimits messagesByClient;
    private final RateLimits sessionsByClient;

    WebChatController(InboundGateway inbound, ConversationHistory history, WebChatTokens tokens,
                      WebChatStreams streams, WebChatProperties properties, OutboundFiles files) {
        this.inbound = inbound;
        this.files = files;
        this.history = history;
        this.tokens = tokens;
        this.streams = streams;
        this.properties = properties;
        this.messagesBySession = new RateLimits(properties.burst(), properties.perMinute(), Duration.ofMinutes(1));
        this.messagesByClient = new RateLimits(properties.clientBurst(), properties.clientPerMinute(),
                Duration.ofMinutes(1));
        this.sessionsByClient = new RateLimits(properties.sessionBurst(), properties.sessionsPerHour(),
                Duration.ofHours(1));
    }

    /**
     * A new session, limited per client address: without that, a fresh session per message would make the
     * per-session limit limit nothing. The address is the client's as the TLS proxy saw it (forwarded headers are
     * honoured from trusted proxies only, see {@code server.forward-headers-strategy}).
     */
    @Operation(summary = "Open a session", description = "Answers {\"sessionId\", \"token\"}; the token authorises "
            + "the session's other requests")
    @ApiResponse(responseCode = "201", description = "The session")
    @PostMapping
    ResponseEntity<Map<String, String>> createSession(HttpServletRequest request) {
        limit(sessionsByClient, request.getRemoteAddr(), "Too many new chats from your network");
        String sessionId = tokens.newSessionId();
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(Map.of("sessionId", sessionId, "token", tokens.tokenFor(sessionId)));
    }

    @Operation(summary = "Send a message", description = "Stored before the answer; the bot's reply arrives on the "
            + "stream and in the history. Nothing is stored when the request is refused.",
            security = @SecurityRequirement(name = TOKEN),
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    content = @Content(mediaType = "application/json", schema = @Schema(implementation = WebChatPost.class))))
    @ApiResponse(responseCode = "202", description = "Stored: {\"messageId\"}")
    @ApiResponse(responseCode = "400", description = "Empty or too long text, invalid UTF-8 or JSON, a bad field")
    @ApiResponse(responseCode = "401", description = "Missing or wrong token")
    @ApiResponse(responseCode = "429", description = "Too fast; Retry-After says how many seconds to wait")
    @PostMapping("/{sessionId}/messages")
    ResponseEntity<Map<String, String>> post(@PathVariable String sessionId,
                                             @Parameter(hidden = true)
                                             @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false)
                                             String authorization,
                                             HttpServletRequest request) throws IOException {
        authorize(sessionId, authorization);
        // Limits before any work: a flood is turned away before its bodies are read.
        limit(messagesBySession, sessionId, "Too many messages");
        limit(messagesByClient, request.getRemoteAddr(), "Too many messages from your network");
        JsonNode body = readJson(request);
        String text = body.path("text").isString() ? body.path("text").asString() : null;
        if (text == null || text.isBlank()) {
            throw new WebChatError(HttpStatus.BAD_REQUEST, "text is required and must not be empty");
        }
        if (text.codePointCount(0, text.length()) > properties.maxTextLength()) {
            throw new WebChatError(HttpStatus.BAD_REQUEST,
                    "text is longer than " + properties.maxTextLength() + " characters");
        }
        String clientMessageId = optionalString(body, "clientMessageId");
        if (clientMessageId != null && clientMessageId.length() > MAX_CLIENT_ID_LENGTH) {
            throw new WebChatError(HttpStatus.BAD_REQUEST, "clientMessageId is longer than " + MAX_CLIENT_ID_LENGTH);
        }
        String language = optionalString(body, "language");
        if (language != null && !language.matches("[a-z]{2}")) {
            throw new WebChatError(HttpStatus.BAD_REQUEST, "language must be a two-letter code such as ar or en");
        }
        // A client id makes a resend after a network failure idempotent; scoped to the session.
        String externalId = sessionId + ":" + (clientMessageId != null ? clientMessageId : UUID.randomUUID());
        var message = new InboundMessage(ChannelType.WEBCHAT, externalId,
                new Sender(sessionId, optionalString(body, "name"), null, language), text, List.of(), Instant.now(),
                optionalString(body, "quickReplyPayload"), List.of(), Map.of());
        InboundReceipt receipt = inbound.receive(message);
        if (!receipt.duplicate()) {
            streams.push(sessionId, new WebChatMessage(receipt.messageId(), "IN", text, "beneficiary", null,
                    List.of(), Instant.now(), List.of()));
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("messageId", receipt.messageId()));
    }

    @Operation(summary = "The session's messages, oldest first", security = @SecurityRequirement(name = TOKEN))
    @ApiResponse(responseCode = "200", description = "The messages")
    @ApiResponse(responseCode = "401", description = "Missing or wrong token")
    @GetMapping("/{sessionId}/messages")
    List<WebChatMessage> messages(@PathVariable String sessionId,
                                  @Parameter(hidden = true)
                                  @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false)
                                  String authorization) {
        authorize(sessionId, authorization);
        return history.history(ChannelType.WEBCHAT, sessionId).stream().map(e -> WebChatMessage.of(sessionId, e))
                .toList();
    }

    @Operation(summary = "A file staff sent to this session", security = @SecurityRequirement(name = TOKEN))
    @ApiResponse(responseCode = "200", description = "The file, as a download")
    @ApiResponse(responseCode = "401", description = "Missing or wrong token")
    @ApiResponse(responseCode = "404", description = "No such file in this session (another session's is not found)")
    @GetMapping("/{sessionId}/files/{messageId}/{index}")
    ResponseEntity<byte[]> file(@PathVariable String sessionId, @PathVariable String messageId,
                                @PathVariable int index,
                                @Parameter(hidden = true)
                                @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false)
                                String authorization) {
        authorize(sessionId, authorization);
        return files.file(messageId, index)
                .filter(f -> f.channel() == ChannelType.WEBCHAT && f.recipient().equals(sessionId))
                .map(f -> FileLinks.download(f.attachment()))
                .orElseThrow(() -> new WebChatError(HttpStatus.NOT_FOUND, "No such file in this session"));
    }

    @Operation(summary = "New messages as server-sent events", description = "One `message` event per new message "
            + "(the same fields as in the history)", security = @SecurityRequirement(name = TOKEN))
    @ApiResponse(responseCode = "401", description = "Missing or wrong token")
    @GetMapping(value = "/{sessionId}/stream", produces = "text/event-stream")
    SseEmitter stream(@PathVariable String sessionId,
                      @Parameter(hidden = true) @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false)
                      String authorization) {
        authorize(sessionId, authorization);
        return streams.open(sessionId);
    }

    @ExceptionHandler(WebChatError.class)
    ResponseEntity<Map<String, String>> onError(WebChatError error) {
        // JSON even where the client asked for an event stream: an error is not an event.
        var response = ResponseEntity.status(error.status).contentType(org.springframework.http.MediaType.APPLICATION_JSON);
        if (error.retryAfterSeconds > 0) {
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(error.retryAfterSeconds));
        }
        return response.body(Map.of("error", error.getMessage()));
    }

    private static void limit(RateLimits limits, String key, String what) {
        long wait = limits.take(key);
        if (wait > 0) {
            throw WebChatError.tooMany(what + "; please wait " + wait + " seconds", wait);
        }
    }

    private void authorize(String sessionId, String authorization) {
        String token = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).strip() : null;
        if (!tokens.isValid(sessionId, token)) {
            throw new WebChatError(HttpStatus.UNAUTHORIZED, "A valid session token is required");
        }
    }

    private JsonNode readJson(HttpServletRequest request) throws IOException {
        byte[] raw;
        try (InputStream in = request.getInputStream()) {
            raw = in.readNBytes(properties.maxBodyBytes() + 1);
        }
        if (raw.length > properties.maxBodyBytes()) {
            throw new WebChatError(HttpStatus.CONTENT_TOO_LARGE, "The request body is too large");
        }
        String body;
        try {
            body = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            throw new WebChatError(HttpStatus.BAD_REQUEST, "The body is not valid UTF-8");
        }
        try {
            JsonNode node = json.readTree(body);
            if (node == null || !node.isObject()) {
                throw new WebChatError(HttpStatus.BAD_REQUEST, "The body must be a JSON object");
            }
            return node;
        } catch (JacksonException e) {
            throw new WebChatError(HttpStatus.BAD_REQUEST, "The body is not valid JSON");
        }
    }

    private static String optionalString(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw new WebChatError(HttpStatus.BAD_REQUEST, field + " must be a string");
        }
        return value.asString();
    }

    static final class WebChatError extends RuntimeException {
        private final HttpStatus status;
        private final long retryAfterSeconds;

        WebChatError(HttpStatus status, String message) {
            this(status, message, 0);
        }

        private WebChatError(HttpStatus status, String message, long retryAfterSeconds) {
            super(message);
            this.status = status;
            this.retryAfterSeconds = retryAfterSeconds;
        }

        /** A 429 with {@code Retry-After}: the widget waits that long and tries again. */
        static WebChatError tooMany(String message, long retryAfterSeconds) {
            return new WebChatError(HttpStatus.TOO_MANY_REQUESTS, message, retryAfterSeconds);
        }
    }
}
