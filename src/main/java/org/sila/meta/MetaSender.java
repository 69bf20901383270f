package org.sila.meta;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.sila.channel.AssociationFacts;
import org.sila.channel.Attachment;
import org.sila.channel.ChannelSendException;
import org.sila.channel.ChannelSender;
import org.sila.channel.ChannelType;
import org.sila.channel.DeliveryStatus;
import org.sila.channel.FileLinks;
import org.sila.channel.OutboundMessage;
import org.sila.channel.QuickReply;
import org.sila.channel.SendResult;
import org.springframework.context.annotation.Conditional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sends on Messenger and Instagram through the Send API, with the message's choices as quick replies; files after
 * the text, each as an attachment Meta fetches from the hub's signed, expiring link. Meta lets a
 * Page write freely only within 24 hours of the person's last message; after that only with a message tag whose
 * allowed uses fit, and otherwise the message is not sent and staff see why ({@value #OUTSIDE_WINDOW}).
 */
@Component
@Conditional(MetaEnabled.class)
class MetaSender implements ChannelSender {

    static final String OUTSIDE_WINDOW = "OUTSIDE_WINDOW";
    /** Carried in the Send API's {@code metadata}, which Meta's echo repeats: this echo is the hub's own. */
    static final String ECHO_MARKER = "sila:";

    static final Duration STANDARD_WINDOW = Duration.ofHours(24);
    static final Duration HUMAN_AGENT_WINDOW = Duration.ofDays(7);
    static final int MAX_QUICK_REPLIES = 13;
    static final int MAX_QUICK_REPLY_TITLE = 20;
    static final int MESSENGER_MAX_CHARS = 2000;
    static final int INSTAGRAM_MAX_BYTES = 1000;

    private final GraphApiClient graph;
    private final SentLedger ledger;
    private final MetaProperties properties;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Clock clock;
    private final AssociationFacts association;
    private final FileLinks links;

    MetaSender(GraphApiClient graph, SentLedger ledger, MetaProperties properties, Optional<Clock> clock,
               AssociationFacts association, FileLinks links) {
        this.association = association;
        this.links = links;
        this.graph = graph;
        this.ledger = ledger;
        this.properties = properties;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    @Override
    public Set<ChannelType> channels() {
        return Set.of(ChannelType.MESSENGER, ChannelType.INSTAGRAM);
    }

    @Override
    public SendResult send(OutboundMessage message) {
        String refusal = MetaFiles.refusal(message.channel(), message.attachments());
        if (refusal != null) {
            throw ChannelSendException.permanent(message.channel() + "_FILE_REFUSED", refusal, null);
        }
        if (!message.attachments().isEmpty() && !links.available()) {
            throw ChannelSendException.permanent("NO_PUBLIC_URL", "Meta fetches files from the hub, which has no "
                    + "public address: set sila.file-links.public-url", null);
        }
        Route route = route(message);
        List<QuickReply> choices = message.quickReplies();
        String text = message.text();
        List<QuickReply> buttons = choices;
        if (!fitsAsQuickReplies(choices)) {
            // Too many or too long for Meta's buttons: numbered lines, and numbered buttons when they fit.
            StringBuilder lines = new StringBuilder(text);
            List<QuickReply> numbered = new ArrayList<>();
            for (int i = 0; i < choices.size(); i++) {
                lines.append(i == 0 ? "\n\n" : "\n").append(i + 1).append(". ").append(choices.get(i).title());
                numbered.add(new QuickReply(Integer.toString(i + 1), choices.get(i).payload()));
            }
            text = lines.toString();
            buttons = numbered.size() <= MAX_QUICK_REPLIES ? numbered : List.of();
        }
        List<String> parts = split(text, message.channel());
        if (parts.isEmpty() && message.attachments().isEmpty()) {
            throw ChannelSendException.permanent("EMPTY", "The message has no text to send", null);
        }
        List<String> sentIds = new ArrayList<>();
        ledger.begin(message.recipient());
        try {
            for (int i = 0; i < parts.size(); i++) {
                boolean last = i == parts.size() - 1 && message.attachments().isEmpty();
                sentIds.add(graph.send(request(message, route, parts.get(i), last ? buttons : List.of(), i)));
            }
            // Then each file as an attachment Meta fetches from the hub's signed link; the buttons under the last.
            for (int f = 0; f < message.attachments().size(); f++) {
                boolean last = f == message.attachments().size() - 1;
                sentIds.add(graph.send(fileRequest(message, route, f, last ? buttons : List.of(),
                        parts.size() + f)));
            }
        } finally {
            ledger.end(message.recipient(), sentIds);
        }
        Map<String, String> details = new HashMap<>();
        details.put("messagingType", route.messagingType());
        if (route.tag() != null) {
            details.put("messageTag", route.tag());
        }
        if (parts.size() > 1) {
            details.put("parts", Integer.toString(parts.size()));
            details.put("partIds", String.join(",", sentIds));
        }
        return new SendResult(sentIds.get(sentIds.size() - 1), DeliveryStatus.SENT, details);
    }

    /** How Meta's rules let this message go, or why they do not. */
    record Route(String messagingType, String tag) {
    }

    Route route(OutboundMessage message) {
        Instant now = clock.instant();
        Instant last = message.lastInboundAt();
        if (last != null && now.isBefore(last.plus(STANDARD_WINDOW))) {
            return new Route(message.notification() ? "UPDATE" : "RESPONSE", null);
        }
        boolean byStaff = message.origin().byStaff();
        if (properties.humanAgentTag() && byStaff && last != null && now.isBefore(last.plus(HUMAN_AGENT_WINDOW))) {
            return new Route("MESSAGE_TAG", "HUMAN_AGENT");
        }
        if (message.notification() && message.channel() == ChannelType.MESSENGER
                && properties.notificationTag() != null) {
            return new Route("MESSAGE_TAG", properties.notificationTag());
        }
        String since = last == null ? "has never written on " + message.channel()
                : "last wrote " + Duration.between(last, now).toHours() + " hours ago (" + last + ")";
        throw ChannelSendException.permanent(OUTSIDE_WINDOW, "Not sent: " + message.channel()
                + " lets the association write only within 24 hours of the beneficiary's last message, and the"
                + " beneficiary " + since + ". Reach them on another channel, or wait until they write again."
                + " | " + association.text("delivery.outside-window", "ar"), null);
    }

    private ObjectNode request(OutboundMessage message, Route route, String text, List<QuickReply> buttons,
                               int part) {
        ObjectNode request = json.createObjectNode();
        request.putObject("recipient").put("id", message.recipient());
        request.put("messaging_type", route.messagingType());
        if (route.tag() != null) {
            request.put("tag", route.tag());
        }
        ObjectNode body = request.putObject("message");
        body.put("text", text);
        body.put("metadata", ECHO_MARKER + message.messageId() + ":" + part);
        if (!buttons.isEmpty()) {
            ArrayNode quickReplies = body.putArray("quick_replies");
            for (QuickReply choice : buttons) {
                quickReplies.addObject().put("content_type", "text").put("title", choice.title())
                        .put("payload", choice.payload());
            }
        }
        return request;
    }

    private ObjectNode fileRequest(OutboundMessage message, Route route, int index, List<QuickReply> buttons,
                                   int part) {
        ObjectNode request = request(message, route, null, buttons, part);
        ObjectNode body = (ObjectNode) request.get("message");
        body.remove("text");
        Attachment file = message.attachments().get(index);
        ObjectNode attachment = body.putObject("attachment");
        attachment.put("type", MetaFiles.type(file.contentType()));
        attachment.putObject("payload")
                .put("url", links.link(message.messageId(), index, file.fileName()).toString())
                .put("is_reusable", false);
        return request;
    }

    private static boolean fitsAsQuickReplies(List<QuickReply> choices) {
        return choices.size() <= MAX_QUICK_REPLIES && choices.stream()
                .allMatch(c -> c.title().codePointCount(0, c.title().length()) <= MAX_QUICK_REPLY_TITLE);
    }

    /** Meta's length limits (Messenger: 2,000 characters; Instagram: 1,000 bytes), cut at a space or line end. */
    static List<String> split(String text, ChannelType channel) {
        List<String> parts = new ArrayList<>();
        String rest = text.strip();
        while (!rest.isEmpty()) {
            int end = fittingPrefix(rest, channel);
            if (end < rest.length()) {
                int space = Math.max(rest.lastIndexOf('\n', end), rest.lastIndexOf(' ', end));
                if (space > end / 2) {
                    end = space;
                }
            }
            parts.add(rest.substring(0, end).strip());
            rest = rest.substring(end).strip();
        }
        return parts;
    }

    private static int fittingPrefix(String s, ChannelType channel) {
        int end = 0;
        int units = 0;
        while (end < s.length()) {
            int cp = s.codePointAt(end);
            int size = channel == ChannelType.INSTAGRAM
                    ? new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length : 1;
            int limit = channel == ChannelType.INSTAGRAM ? INSTAGRAM_MAX_BYTES : MESSENGER_MAX_CHARS;
            if (units + size > limit) {
                break;
            }
            units += size;
            end += Character.charCount(cp);
        }
        return end;
    }
}
