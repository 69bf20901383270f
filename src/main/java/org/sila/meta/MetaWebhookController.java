package org.sila.meta;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.sila.channel.InboundRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Conditional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Meta's webhook for the Page's Messenger and the linked Instagram account. A delivery is answered 200 only once
 * everything in it is stored (the rules layer answers later, off this thread); a forged one gets 403 and a
 * malformed one 400, with nothing stored; a store failure gets 503, and Meta delivers again.
 */
@RestController
@RequestMapping("/webhooks/meta")
@Conditional(MetaEnabled.class)
class MetaWebhookController {

    private static final Logger log = LoggerFactory.getLogger(MetaWebhookController.class);

    private final MetaProperties properties;
    private final MetaSignature signature;
    private final MetaWebhookParser parser;
    private final MetaInbound inbound;

    MetaWebhookController(MetaProperties properties, MetaSignature signature, MetaWebhookParser parser,
                          MetaInbound inbound) {
        this.properties = properties;
        this.signature = signature;
        this.parser = parser;
        this.inbound = inbound;
    }

    /** The subscription check Meta makes when the webhook is set up. */
    @GetMapping
    ResponseEntity<String> verify(@RequestParam(value = "hub.mode", required = false) String mode,
                                  @RequestParam(value = "hub.verify_token", required = false) String token,
                                  @RequestParam(value = "hub.challenge", required = false) String challenge) {
        if ("subscribe".equals(mode) && challenge != null && MetaSignature.same(properties.verifyToken(), token)) {
            return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(challenge);
        }
        return ResponseEntity.status(HttpStatus.FORBIDDEN).contentType(MediaType.TEXT_PLAIN)
                .body("Verification failed");
    }

    @PostMapping
    ResponseEntity<Map<String, Object>> receive(
            @RequestHeader(value = "X-Hub-Signature-256", required = false) String signatureHeader,
            HttpServletRequest request) throws IOException {
        byte[] raw;
        try (InputStream in = request.getInputStream()) {
            raw = in.readNBytes(properties.maxBodyBytes() + 1);
        }
        if (raw.length > properties.maxBodyBytes()) {
            return error(HttpStatus.CONTENT_TOO_LARGE, "The body is too large");
        }
        if (!signature.verifies(raw, signatureHeader)) {
            log.warn("Refused a Meta webhook delivery with a {} signature",
                    signatureHeader == null ? "missing" : "wrong");
            return error(HttpStatus.FORBIDDEN, "The X-Hub-Signature-256 signature is missing or wrong");
        }
        String body;
        try {
            body = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            return error(HttpStatus.BAD_REQUEST, "The body is not valid UTF-8");
        }
        List<MetaEvent> events = parser.parse(body);
        for (MetaEvent event : events) {
            inbound.handle(event);
        }
        return ResponseEntity.ok(Map.of("received", events.size()));
    }

    @ExceptionHandler(MetaWebhookParser.Malformed.class)
    ResponseEntity<Map<String, Object>> onMalformed(MetaWebhookParser.Malformed e) {
        return error(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(InboundRules.Refused.class)
    ResponseEntity<Map<String, Object>> onRefused(InboundRules.Refused e) {
        log.warn("Refused a Meta webhook delivery (400): {}", e.getMessage());
        return error(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    /** Not stored: Meta retries the delivery, and what was stored already is not stored twice. */
    @ExceptionHandler(RuntimeException.class)
    ResponseEntity<Map<String, Object>> onStoreFailure(RuntimeException e) {
        log.error("A Meta webhook delivery was not stored; Meta will deliver it again", e);
        return error(HttpStatus.SERVICE_UNAVAILABLE, "Not stored; please deliver again");
    }

    private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String message) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(Map.of("error", message));
    }
}
