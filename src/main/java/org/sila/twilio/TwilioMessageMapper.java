package org.sila.twilio;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.sila.channel.Attachment;
import org.sila.channel.ChannelType;
import org.sila.channel.ConversationHistory;
import org.sila.channel.InboundMessage;
import org.sila.channel.InboundRules;
import org.sila.channel.PhoneNumbers;
import org.sila.channel.QuickReply;
import org.sila.channel.Sender;
import org.sila.channel.SharedContent;
import org.springframework.context.annotation.Conditional;
import org.springframework.stereotype.Component;

/**
 * Turns Twilio's inbound message webhook (SMS, MMS, WhatsApp) into an {@link InboundMessage}: the sender by
 * E.164 phone (so SMS, WhatsApp and voice meet in one beneficiary), the WhatsApp profile name, the media fetched
 * into the message, and a numbered answer to choices the hub offered turned back into the choice's payload.
 */
@Component
@Conditional(TwilioEnabled.class)
class TwilioMessageMapper {

    static final String WHATSAPP_PREFIX = "whatsapp:";
    static final String META_PROFILE_NAME = "profileName";
    static final String META_TO = "to";
    static final String META_OPT_OUT = InboundMessage.META_OPT_OUT;
    private static final int MAX_MEDIA = 10;

    private final TwilioMedia media;
    private final ConversationHistory history;
    private final TwilioProperties properties;

    TwilioMessageMapper(TwilioMedia media, ConversationHistory history, TwilioProperties properties) {
        this.media = media;
        this.history = history;
        this.properties = properties;
    }

    /** The channel and E.164 address a Twilio {@code From}/{@code To} names ({@code whatsapp:+9665...}). */
    record Party(ChannelType channel, String address, String phone) {

        static Party of(String raw, ChannelType plainChannel) {
            boolean whatsapp = raw.regionMatches(true, 0, WHATSAPP_PREFIX, 0, WHATSAPP_PREFIX.length());
            String number = whatsapp ? raw.substring(WHATSAPP_PREFIX.length()) : raw;
            String phone = PhoneNumbers.toE164(number).orElse(null);
            return new Party(whatsapp ? ChannelType.WHATSAPP : plainChannel, phone != null ? phone : number.strip(),
                    phone);
        }
    }

    InboundMessage toInbound(Map<String, String> p, Boolean optOut) {
        // Older webhooks (and some SDKs' samples) name the message by SmsMessageSid or SmsSid alone.
        String sid = firstSet(p, "MessageSid", "SmsMessageSid", "SmsSid");
        String from = p.get("From");
        if (sid == null) {
            throw TwilioWebhookException.badRequest("MessageSid is required");
        }
        if (from == null || from.isBlank()) {
            throw TwilioWebhookException.badRequest("From is required");
        }
        Party sender = Party.of(from, ChannelType.SMS);
        if (sender.channel() == ChannelType.WHATSAPP && sender.phone() == null) {
            throw TwilioWebhookException.badRequest("From names no WhatsApp number");
        }
        String body = p.getOrDefault("Body", "");
        Map<String, String> metadata = new LinkedHashMap<>();
        putIfSet(metadata, META_PROFILE_NAME, p.get("ProfileName"));
        putIfSet(metadata, META_TO, p.get("To"));
        if (optOut != null) {
            metadata.put(META_OPT_OUT, optOut ? "STOP" : "START");
        }
        location(p).ifPresent(place -> metadata.putAll(place.toMetadata()));
        if ("sticker".equalsIgnoreCase(p.get("MessageType"))) {
            metadata.putAll(new SharedContent.Sticker(null).toMetadata()); // its picture comes as the media
        }
        InboundMessage message = new InboundMessage(sender.channel(), sid,
                new Sender(sender.address(), p.get("ProfileName"), sender.phone(), null), body, List.of(), null,
                null, List.of(), metadata);
        try {
            InboundRules.check(message); // before any media is fetched: nothing is done for a refused message
        } catch (InboundRules.Refused refused) {
            throw TwilioWebhookException.badRequest(refused.getMessage());
        }
        List<Attachment> attachments = attachments(p, sid, metadata);
        return new InboundMessage(sender.channel(), sid, message.sender(), body, attachments, null,
                quickReplyPayload(p, sender, body), List.of(), metadata);
    }

    /** A WhatsApp location: Twilio sends its coordinates, and for a named place its address and label. */
    private static Optional<SharedContent.Location> location(Map<String, String> p) {
        String latitude = p.get("Latitude");
        String longitude = p.get("Longitude");
        if (latitude == null || longitude == null || latitude.isBlank() || longitude.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new SharedContent.Location(Double.parseDouble(latitude.strip()),
                    Double.parseDouble(longitude.strip()), p.get("Label"), p.get("Address")));
        } catch (NumberFormatException e) {
            throw TwilioWebhookException.badRequest("Latitude and Longitude must be numbers");
        }
    }

    private static String firstSet(Map<String, String> p, String... names) {
        for (String name : names) {
            String value = p.get(name);
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return null;
    }

    private List<Attachment> attachments(Map<String, String> p, String sid, Map<String, String> metadata) {
        int count;
        try {
            count = Integer.parseInt(p.getOrDefault("NumMedia", "0").strip());
        } catch (NumberFormatException e) {
            throw TwilioWebhookException.badRequest("NumMedia must be a number");
        }
        if (count < 0 || count > MAX_MEDIA) {
            throw TwilioWebhookException.badRequest("NumMedia must be between 0 and " + MAX_MEDIA);
        }
        List<Attachment> attachments = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String url = p.get("MediaUrl" + i);
            if (url == null || url.isBlank()) {
                throw TwilioWebhookException.badRequest("MediaUrl" + i + " is missing");
            }
            String type = p.get("MediaContentType" + i);
            String name = sid + "-" + i + extension(type);
            try {
                attachments.add(media.fetch(url, type, name));
            } catch (TwilioMedia.Unavailable e) {
                refused.add(name + " (" + e.getMessage() + "): " + url);
            }
        }
        if (!refused.isEmpty()) {
            metadata.put(InboundMessage.META_ATTACHMENTS_REJECTED, String.join("; ", refused));
            metadata.put(InboundMessage.META_ATTACHMENT_LIMIT_BYTES, Long.toString(properties.maxMediaBytes()));
        }
        return attachments;
    }

    /** A WhatsApp button's payload, or the choice a numbered answer ("2", "٢") picks from the hub's last offer. */
    private String quickReplyPayload(Map<String, String> p, Party sender, String body) {
        String button = p.get("ButtonPayload");
        if (button != null && !button.isBlank()) {
            return button;
        }
        String digits = PhoneNumbers.foldDigits(body.strip());
        if (!digits.matches("[1-9][0-9]?")) {
            return null;
        }
        int choice = Integer.parseInt(digits);
        List<ConversationHistory.Entry> entries = history.history(sender.channel(), sender.address());
        for (int i = entries.size() - 1; i >= 0; i--) {
            ConversationHistory.Entry entry = entries.get(i);
            if ("OUT".equals(entry.direction())) {
                List<QuickReply> offered = entry.quickReplies() == null ? List.of() : entry.quickReplies();
                return choice <= offered.size() ? offered.get(choice - 1).payload() : null;
            }
        }
        return null;
    }

    static String extension(String contentType) {
        if (contentType == null) {
            return "";
        }
        return switch (contentType.toLowerCase()) {
            case "image/jpeg" -> ".jpg";
            case "image/png" -> ".png";
            case "image/webp" -> ".webp";
            case "audio/ogg" -> ".ogg";
            case "audio/mpeg" -> ".mp3";
            case "audio/amr" -> ".amr";
            case "video/mp4" -> ".mp4";
            case "application/pdf" -> ".pdf";
            default -> "";
        };
    }

    private static void putIfSet(Map<String, String> map, String key, String value) {
        if (value != null && !value.isBlank()) {
            map.put(key, value);
        }
    }
}
