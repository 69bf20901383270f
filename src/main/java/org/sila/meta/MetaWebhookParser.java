package org.sila.meta;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.sila.channel.ChannelType;
import org.sila.channel.InboundRules;
import org.sila.channel.SharedContent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a whole webhook delivery before anything is stored, so a malformed one is refused as a whole. Kinds of
 * events the hub does not use (reactions, referrals, opt-ins, comments) are skipped, not refused: Meta adds new
 * ones, and refusing a delivery would hold back the messages batched with them.
 */
class MetaWebhookParser {

    private static final Logger log = LoggerFactory.getLogger(MetaWebhookParser.class);

    private final JsonMapper json;

    MetaWebhookParser(JsonMapper json) {
        this.json = json;
    }

    List<MetaEvent> parse(String body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException e) {
            throw new Malformed("The body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new Malformed("The body must be a JSON object");
        }
        String object = text(root, "object", "object");
        ChannelType channel = switch (object) {
            case "page" -> ChannelType.MESSENGER;
            case "instagram" -> ChannelType.INSTAGRAM;
            default -> null;
        };
        JsonNode entries = root.path("entry");
        if (!entries.isArray()) {
            throw new Malformed("entry must be an array");
        }
        if (channel == null) {
            log.info("Ignoring a webhook delivery for object {}", object);
            return List.of();
        }
        List<MetaEvent> events = new ArrayList<>();
        for (JsonNode entry : entries) {
            if (!entry.isObject()) {
                throw new Malformed("each entry must be an object");
            }
            JsonNode messaging = entry.path("messaging");
            if (messaging.isMissingNode()) {
                continue; // e.g. Instagram comment changes: not messages
            }
            if (!messaging.isArray()) {
                throw new Malformed("entry.messaging must be an array");
            }
            for (JsonNode event : messaging) {
                if (!event.isObject()) {
                    throw new Malformed("each messaging event must be an object");
                }
                MetaEvent parsed = event(channel, event);
                if (parsed != null) {
                    events.add(parsed);
                }
            }
        }
        return events;
    }

    private MetaEvent event(ChannelType channel, JsonNode event) {
        Instant at = event.path("timestamp").canConvertToLong()
                ? Instant.ofEpochMilli(event.path("timestamp").asLong()) : null;
        if (event.has("message")) {
            JsonNode message = object(event, "message");
            String mid = text(message, "mid", "message.mid");
            List<MetaEvent.SharedItem> items = items(message);
            if (message.path("is_echo").asBoolean(false)) {
                return new MetaEvent.Echo(channel, mid, id(event, "recipient"), optional(message, "text"),
                        message.path("app_id").isMissingNode() || message.path("app_id").isNull()
                                ? null : message.path("app_id").asString(),
                        optional(message, "metadata"), items, at);
            }
            if (message.path("is_deleted").asBoolean(false)) {
                return null; // the beneficiary unsent it on Instagram; the hub keeps what it received
            }
            String text = optional(message, "text");
            InboundRules.checkText(text);
            SharedContent content = content(message, items);
            if (content instanceof SharedContent.Sticker) {
                items = List.of(); // the sticker's picture is Meta's, not the beneficiary's: kept as its emoji
            }
            return new MetaEvent.Incoming(channel, mid, id(event, "sender"), text,
                    optional(message.path("quick_reply"), "payload"), items, at,
                    optional(message.path("reply_to"), "mid"), content);
        }
        if (event.has("postback")) {
            JsonNode postback = object(event, "postback");
            String sender = id(event, "sender");
            String payload = optional(postback, "payload");
            String mid = optional(postback, "mid");
            // Older postbacks carry no id: one made of what Meta sends keeps a redelivery idempotent.
            String externalId = mid != null ? mid
                    : "postback:" + sender + ":" + (at == null ? "" : at.toEpochMilli()) + ":" + payload;
            String title = optional(postback, "title");
            InboundRules.checkText(title);
            return new MetaEvent.Incoming(channel, externalId, sender, title, payload, List.of(), at, null, null);
        }
        if (event.has("message_edit")) {
            JsonNode edit = object(event, "message_edit");
            String text = optional(edit, "text");
            InboundRules.checkText(text);
            return new MetaEvent.Edit(channel, text(edit, "mid", "message_edit.mid"), id(event, "sender"), text);
        }
        if (event.has("delivery") || event.has("read")) {
            boolean read = event.has("read");
            JsonNode receipt = object(event, read ? "read" : "delivery");
            List<String> mids = new ArrayList<>();
            receipt.path("mids").forEach(m -> mids.add(m.asString()));
            String mid = optional(receipt, "mid");
            if (mid != null) {
                mids.add(mid);
            }
            Instant watermark = receipt.path("watermark").canConvertToLong()
                    ? Instant.ofEpochMilli(receipt.path("watermark").asLong()) : null;
            if (mids.isEmpty() && watermark == null) {
                throw new Malformed((read ? "read" : "delivery") + " names no message and no watermark");
            }
            return new MetaEvent.Receipt(channel, id(event, "sender"), read, mids, watermark);
        }
        log.debug("Skipping a {} webhook event of a kind the hub does not use: {}", channel, event.propertyNames());
        return null;
    }

    /** Messenger's "like" stickers in their three sizes: the only stickers whose meaning Meta documents. */
    private static final java.util.Set<String> LIKE_STICKERS = java.util.Set.of("369239263222822",
            "369239343222814", "369239383222810");

    /** What the message carried besides text and files: a sticker, a place, a shared post, or nothing Meta shows. */
    private static SharedContent content(JsonNode message, List<MetaEvent.SharedItem> items) {
        if (message.path("is_unsupported").asBoolean(false)) {
            return new SharedContent.Unsupported();
        }
        JsonNode sticker = message.path("sticker_id");
        if (sticker.isNumber() || sticker.isString()) {
            return new SharedContent.Sticker(LIKE_STICKERS.contains(sticker.asString()) ? "\uD83D\uDC4D" : null);
        }
        for (JsonNode a : message.path("attachments")) {
            JsonNode coordinates = a.path("payload").path("coordinates");
            if ("location".equals(a.path("type").asString("")) && coordinates.path("lat").isNumber()
                    && coordinates.path("long").isNumber()) {
                return new SharedContent.Location(coordinates.path("lat").asDouble(),
                        coordinates.path("long").asDouble(), optional(a, "title"), null);
            }
        }
        return items.stream().filter(i -> !i.isFile()).findFirst()
                .map(i -> (SharedContent) new SharedContent.Share(i.type(), i.url())).orElse(null);
    }

    private static List<MetaEvent.SharedItem> items(JsonNode message) {
        JsonNode attachments = message.path("attachments");
        if (attachments.isMissingNode() || attachments.isNull()) {
            return List.of();
        }
        if (!attachments.isArray()) {
            throw new Malformed("message.attachments must be an array");
        }
        List<MetaEvent.SharedItem> items = new ArrayList<>();
        for (JsonNode a : attachments) {
            items.add(new MetaEvent.SharedItem(a.path("type").asString("unknown"), optional(a.path("payload"), "url")));
        }
        return items;
    }

    private static JsonNode object(JsonNode parent, String field) {
        JsonNode node = parent.path(field);
        if (!node.isObject()) {
            throw new Malformed(field + " must be an object");
        }
        return node;
    }

    private static String id(JsonNode event, String party) {
        JsonNode id = event.path(party).path("id");
        if (!(id.isString() || id.isNumber()) || id.asString().isBlank()) {
            throw new Malformed(party + ".id is required");
        }
        return id.asString();
    }

    private static String text(JsonNode parent, String field, String name) {
        JsonNode node = parent.path(field);
        if (!node.isString() || node.asString().isBlank()) {
            throw new Malformed(name + " is required and must be a string");
        }
        return node.asString();
    }

    private static String optional(JsonNode parent, String field) {
        JsonNode node = parent.path(field);
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw new Malformed(field + " must be a string");
        }
        return node.asString();
    }

    /** The delivery is not what Meta sends: refused with a 400, nothing stored. */
    static final class Malformed extends RuntimeException {
        Malformed(String message) {
            super(message);
        }
    }
}
