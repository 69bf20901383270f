package org.sila.twilio;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import org.sila.channel.ChannelType;
import org.sila.channel.DeliveryStatus;
import org.sila.channel.DeliveryUpdate;
import org.sila.channel.InboundGateway;
import org.sila.channel.InboundMessage;
import org.sila.channel.OptOutChange;
import org.springframework.context.annotation.Conditional;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Twilio's messaging webhooks. Each request's signature is checked before anything else; the answer is 2xx only
 * once the inbound gateway has stored what it carries. Replies go through the outbox, never in the TwiML answer.
 */
@RestController
@RequestMapping("/webhooks/twilio")
@Conditional(TwilioEnabled.class)
class TwilioMessagingWebhooks {

    static final MediaType TEXT_XML_UTF8 = new MediaType("text", "xml", StandardCharsets.UTF_8);
    static final String EMPTY_TWIML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";

    private final TwilioSignatures signatures;
    private final TwilioMessageMapper mapper;
    private final InboundGateway inbound;

    TwilioMessagingWebhooks(TwilioSignatures signatures, TwilioMessageMapper mapper, InboundGateway inbound) {
        this.signatures = signatures;
        this.mapper = mapper;
        this.inbound = inbound;
    }

    /** An SMS, MMS or WhatsApp message. STOP / إيقاف (and START / ابدأ) also change the notification opt-out. */
    @PostMapping("/messages")
    ResponseEntity<String> message(HttpServletRequest request) {
        Map<String, String> params = signatures.verify(request);
        Optional<Boolean> optOut = OptOutKeywords.of(params.get("Body"), params.get("OptOutType"));
        InboundMessage message = mapper.toInbound(params, optOut.orElse(null));
        // Opt-out first: a retried STOP whose message was already stored still opts out (it is idempotent).
        optOut.ifPresent(out -> inbound.optOut(new OptOutChange(message.channel(), message.sender().address(), out)));
        inbound.receive(message);
        return twiml(EMPTY_TWIML);
    }

    /** A status callback for a message the hub sent: {@code ?channel=} names the channel it was stored on. */
    @PostMapping("/status")
    ResponseEntity<String> status(HttpServletRequest request) {
        Map<String, String> params = signatures.verify(request);
        String sid = params.get("MessageSid");
        String status = params.get("MessageStatus");
        if (sid == null || sid.isBlank() || status == null || status.isBlank()) {
            throw TwilioWebhookException.badRequest("MessageSid and MessageStatus are required");
        }
        ChannelType channel = channel(request, params);
        deliveryStatus(status).ifPresent(s -> {
            String code = s == DeliveryStatus.FAILED ? params.get("ErrorCode") : null;
            String error = s == DeliveryStatus.FAILED ? errorMessage(status, code, params.get("ErrorMessage")) : null;
            inbound.deliveryUpdate(new DeliveryUpdate(channel, sid, s, code, error, Instant.now()));
        });
        return ResponseEntity.noContent().build();
    }

    /** Twilio's message statuses; the ones before {@code sent} (queued, sending ...) change nothing. */
    static Optional<DeliveryStatus> deliveryStatus(String twilioStatus) {
        return switch (twilioStatus.strip().toLowerCase(Locale.ROOT)) {
            case "sent" -> Optional.of(DeliveryStatus.SENT);
            case "delivered" -> Optional.of(DeliveryStatus.DELIVERED);
            case "read" -> Optional.of(DeliveryStatus.READ);
            case "failed", "undelivered", "canceled" -> Optional.of(DeliveryStatus.FAILED);
            case "queued", "accepted", "scheduled", "sending", "receiving", "received", "partially_delivered" ->
                    Optional.empty();
            default -> throw TwilioWebhookException.badRequest("Unknown MessageStatus " + twilioStatus);
        };
    }

    private static String errorMessage(String status, String code, String message) {
        if (message != null && !message.isBlank()) {
            return message;
        }
        String known = code == null ? null : switch (code) {
            case "30003" -> "Unreachable destination handset";
            case "30004" -> "Message blocked";
            case "30005" -> "Unknown destination handset";
            case "30006" -> "Landline or unreachable carrier";
            case "30007" -> "Message filtered by the carrier";
            case "30008" -> "Unknown error";
            case "63016" -> "WhatsApp: outside the 24-hour window, a template is required";
            case "21610" -> "The recipient has unsubscribed (STOP)";
            default -> null;
        };
        return "Twilio reported " + status + (code == null ? "" : " (error " + code + ")")
                + (known == null ? "" : ": " + known);
    }

    private static ChannelType channel(HttpServletRequest request, Map<String, String> params) {
        String named = TwilioSignatures.queryParameter(request, "channel");
        if (named != null) {
            try {
                return ChannelType.valueOf(named.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw TwilioWebhookException.badRequest("Unknown channel " + named);
            }
        }
        String to = params.getOrDefault("To", "");
        return to.regionMatches(true, 0, TwilioMessageMapper.WHATSAPP_PREFIX, 0, 9) ? ChannelType.WHATSAPP
                : ChannelType.SMS;
    }

    static ResponseEntity<String> twiml(String xml) {
        return ResponseEntity.ok().contentType(TEXT_XML_UTF8).body(xml);
    }
}
