package org.sila.telegram;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import org.sila.channel.InboundRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.telegram.telegrambots.meta.api.methods.updates.SetWebhook;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/**
 * Webhook mode: Telegram posts each update here. The secret header is checked before anything is read (403, nothing
 * stored); a body that is not an update, or carries what Telegram never sends (see {@link InboundRules}), is a 400;
 * parts of a message the hub does not read are dropped before mapping, so an odd field there refuses nothing; the
 * answer is 200 only once the update is stored, and 503 when it
 * could not be, so Telegram delivers it again.
 */
@RestController
@Conditional(TelegramConditions.Webhook.class)
class TelegramWebhookController {

    static final String PATH = "/webhooks/telegram";
    static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";
    private static final int MAX_BODY_BYTES = 1 << 20;
    private static final Logger log = LoggerFactory.getLogger(TelegramWebhookController.class);

    private final TelegramUpdateHandler handler;
    private final TelegramClient client;
    private final TelegramProperties properties;
    private final ObjectMapper json = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    TelegramWebhookController(TelegramUpdateHandler handler, TelegramClient client, TelegramProperties properties) {
        this.handler = handler;
        this.client = client;
        this.properties = properties;
    }

    /** Tells Telegram where to post, with the secret it must send. A failure is logged; polling is not a fallback. */
    @EventListener(ApplicationReadyEvent.class)
    void register() {
        try {
            client.execute(SetWebhook.builder().url(properties.webhookUrl().toString())
                    .secretToken(properties.webhookSecret()).allowedUpdates(TelegramPoller.ALLOWED_UPDATES)
                    .dropPendingUpdates(false).build());
            log.info("Telegram webhook set to {}", properties.webhookUrl());
        } catch (TelegramApiException e) {
            log.error("Could not set the Telegram webhook to {}: {}; no updates will arrive until it is set",
                    properties.webhookUrl(), e.getMessage());
        }
    }

    @PostMapping(PATH)
    ResponseEntity<Map<String, String>> receive(
            @RequestHeader(value = SECRET_HEADER, required = false) String secret,
            HttpServletRequest request) throws IOException {
        if (secret == null || !MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8),
                properties.webhookSecret().getBytes(StandardCharsets.UTF_8))) {
            return error(HttpStatus.FORBIDDEN, "The secret token does not match");
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            return error(HttpStatus.CONTENT_TOO_LARGE, "The update is too large");
        }
        long updateId;
        Update update;
        try {
            JsonNode tree = json.readTree(body);
            if (tree == null || !tree.isObject() || !tree.path("update_id").canConvertToLong()) {
                return error(HttpStatus.BAD_REQUEST, "The body is not a Telegram update");
            }
            updateId = tree.path("update_id").asLong();
            update = json.treeToValue(TelegramUpdates.readable((ObjectNode) tree), Update.class);
        } catch (IOException | RuntimeException e) {
            log.warn("Telegram update refused (400): {}", firstLine(e));
            return error(HttpStatus.BAD_REQUEST, "The body is not a Telegram update");
        }
        try {
            handler.handle(updateId, update);
        } catch (InboundRules.Refused e) {
            log.warn("Telegram update {} refused (400): {}", updateId, e.getMessage());
            return error(HttpStatus.BAD_REQUEST, e.getMessage());
        } catch (IOException | RuntimeException e) {
            log.error("Telegram update {} could not be stored; Telegram will deliver it again", updateId, e);
            return error(HttpStatus.SERVICE_UNAVAILABLE, "The update could not be stored; try again");
        }
        return ResponseEntity.ok(Map.of());
    }

    private static String firstLine(Exception e) {
        String message = String.valueOf(e.getMessage());
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    private static ResponseEntity<Map<String, String>> error(HttpStatus status, String message) {
        return ResponseEntity.status(status).body(Map.of("error", message));
    }
}
