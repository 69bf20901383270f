package org.sila.twilio;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.exception.TwilioException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.MessageCreator;
import com.twilio.type.PhoneNumber;
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

/**
 * Sends SMS and WhatsApp messages through Twilio's Messages API, each with a status callback that moves it to
 * {@code DELIVERED} / {@code READ} / {@code FAILED}. Replies in a voice conversation go to the caller by SMS.
 * WhatsApp free text goes only inside the 24-hour window; outside it the configured approved template goes, or
 * else an SMS, and {@link SendResult#details()} says which and why so staff see it on the message.
 */
@Component
@Conditional(TwilioEnabled.class)
class TwilioSendingHandler implements ChannelSender {

    /** Detail keys on the stored message. */
    static final String ROUTE = "route";
    static final String ROUTE_REASON = "routeReason";
    static final String SEGMENTS = "segments";
    static final String ENCODING = "encoding";

    static final String ROUTE_SMS = "sms";
    static final String ROUTE_WHATSAPP = "whatsapp";
    static final String ROUTE_WHATSAPP_TEMPLATE = "whatsapp-template";
    static final String ROUTE_WHATSAPP_BUTTONS = "whatsapp-buttons";
    /** WhatsApp's limits on a quick-reply message: its text, and each button's title. */
    private static final int MAX_BUTTON_TEXT = 1024;
    private static final int MAX_BUTTON_TITLE = 20;
    static final String ROUTE_SMS_FALLBACK = "sms-fallback";

    /** Metadata a message may carry to pick its own WhatsApp template (JSON variables, e.g. {"1":"..."}). */
    static final String META_CONTENT_SID = "whatsapp.contentSid";
    static final String META_CONTENT_VARIABLES = "whatsapp.contentVariables";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final TwilioRestClient client;
    private final TwilioProperties properties;
    private final TwilioSignatures signatures;
    private final FileLinks links;
    private final Clock clock;

    TwilioSendingHandler(TwilioRestClient client, TwilioProperties properties, TwilioSignatures signatures,
                         FileLinks links, Optional<Clock> clock) {
        this.client = client;
        this.links = links;
        this.properties = properties;
        this.signatures = signatures;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    @Override
    public Set<ChannelType> channels() {
        return Set.of(ChannelType.SMS, ChannelType.WHATSAPP, ChannelType.VOICE);
    }

    @Override
    public SendResult send(OutboundMessage message) {
        String text = withChoices(message.text(), message.quickReplies());
        Map<String, String> details = new LinkedHashMap<>();
        refuseFiles(message);
        return switch (message.channel()) {
            case SMS -> sms(message, text, details);
            case VOICE -> {
                details.put(ROUTE_REASON, "Voice conversations are answered by SMS to the caller's number");
                yield sms(message, text, details);
            }
            case WHATSAPP -> message.attachments().isEmpty() ? whatsapp(message, text, details)
                    : whatsappWithFiles(message, text, details);
            default -> throw ChannelSendException.permanent("UNSUPPORTED_CHANNEL",
                    "Twilio does not serve " + message.channel(), null);
        };
    }

    /** A file Twilio would not deliver fails the message with the reason before anything is sent. */
    private void refuseFiles(OutboundMessage message) {
        if (message.attachments().isEmpty()) {
            return;
        }
        ChannelType channel = message.channel() == ChannelType.VOICE ? ChannelType.SMS : message.channel();
        String refusal = TwilioFiles.refusal(channel, message.recipient(), message.attachments());
        if (refusal == null && channel == ChannelType.WHATSAPP && !inWindow(message)) {
            refusal = "WhatsApp takes files only within 24 hours of the beneficiary's last message";
        }
        if (refusal != null) {
            throw ChannelSendException.permanent(channel + "_FILE_REFUSED", refusal, null);
        }
        if (!links.available()) {
            throw ChannelSendException.permanent("NO_PUBLIC_URL", "Twilio fetches files from the hub, which has no "
                    + "public address: set sila.twilio.public-url", null);
        }
    }

    /** WhatsApp carries one file a message: the text first, then each file as a message of its own. */
    private SendResult whatsappWithFiles(OutboundMessage message, String text, Map<String, String> details) {
        SendResult first = message.text().isBlank() ? null : whatsapp(message, text, details);
        List<String> sids = new ArrayList<>();
        for (int i = 0; i < message.attachments().size(); i++) {
            var creator = whatsappCreator(message.recipient()).setMediaUrl(List.of(mediaUrl(message, i)));
            SendResult sent = create(message, creator, new LinkedHashMap<>());
            sids.add(sent.externalId());
            first = first == null ? sent : first;
        }
        details.putIfAbsent(ROUTE, ROUTE_WHATSAPP);
        details.put("mediaMessageSids", String.join(",", sids));
        return new SendResult(first.externalId(), first.status(), details);
    }

    private URI mediaUrl(OutboundMessage message, int index) {
        return links.link(message.messageId(), index, message.attachments().get(index).fileName());
    }

    private boolean inWindow(OutboundMessage message) {
        Instant last = message.lastInboundAt();
        return last != null && Duration.between(last, clock.instant()).compareTo(properties.whatsappWindow()) < 0;
    }

    private SendResult whatsapp(OutboundMessage message, String text, Map<String, String> details) {
        Instant last = message.lastInboundAt();
        if (inWindow(message)) {
            Optional<String> buttons = buttonsTemplate(message);
            if (buttons.isPresent()) {
                details.put(ROUTE, ROUTE_WHATSAPP_BUTTONS);
                details.put("contentSid", buttons.get());
                return create(message, whatsappCreator(message.recipient()).setContentSid(buttons.get())
                        .setContentVariables(JSON.writeValueAsString(buttonVariables(message))), details);
            }
            details.put(ROUTE, ROUTE_WHATSAPP);
            return create(message, whatsappCreator(message.recipient()).setBody(text), details);
        }
        String why = last == null
                ? "WhatsApp's 24-hour window is closed: the beneficiary has not written on WhatsApp"
                : "WhatsApp's 24-hour window is closed: the beneficiary last wrote at " + last;
        String contentSid = message.metadata().getOrDefault(META_CONTENT_SID, properties.whatsappTemplateSid());
        if (TwilioProperties.isSet(contentSid)) {
            String variables = message.metadata().getOrDefault(META_CONTENT_VARIABLES,
                    JSON.writeValueAsString(Map.of("1", text)));
            details.put(ROUTE, ROUTE_WHATSAPP_TEMPLATE);
            details.put(ROUTE_REASON, why + "; sent as the approved template " + contentSid);
            details.put("contentSid", contentSid);
            return create(message, whatsappCreator(message.recipient()).setContentSid(contentSid)
                    .setContentVariables(variables), details);
        }
        if (TwilioProperties.isSet(properties.smsFrom()) || TwilioProperties.isSet(properties.messagingServiceSid())) {
            details.put(ROUTE_REASON, why + " and no approved template is configured; sent as SMS instead");
            return sms(message, text, details, ROUTE_SMS_FALLBACK);
        }
        throw ChannelSendException.permanent("WHATSAPP_WINDOW_CLOSED", why
                + ", and neither an approved template (sila.twilio.whatsapp-template-sid) nor an SMS sender "
                + "is configured", null);
    }

    /**
     * The quick-reply template for this many choices, when one is configured and WhatsApp would take them: at most
     * 20 characters a title, 1,024 the text; otherwise the choices go as numbered lines.
     */
    private Optional<String> buttonsTemplate(OutboundMessage message) {
        List<QuickReply> choices = message.quickReplies();
        if (choices.isEmpty() || message.text().length() > MAX_BUTTON_TEXT
                || choices.stream().anyMatch(q -> q.title().length() > MAX_BUTTON_TITLE)) {
            return Optional.empty();
        }
        return Optional.ofNullable(properties.whatsappQuickReplyTemplates().get(choices.size()))
                .filter(TwilioProperties::isSet);
    }

    /** {"1": text, "2": first title, …, then the ids}: a pressed button comes back as {@code ButtonPayload}. */
    private static Map<String, String> buttonVariables(OutboundMessage message) {
        List<QuickReply> choices = message.quickReplies();
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("1", message.text());
        for (int i = 0; i < choices.size(); i++) {
            variables.put(Integer.toString(i + 2), choices.get(i).title());
            variables.put(Integer.toString(i + 2 + choices.size()), choices.get(i).payload());
        }
        return variables;
    }

    private SendResult sms(OutboundMessage message, String text, Map<String, String> details) {
        return sms(message, text, details, ROUTE_SMS);
    }

    private SendResult sms(OutboundMessage message, String text, Map<String, String> details, String route) {
        SmsSegments segments = SmsSegments.of(text);
        details.put(ROUTE, route);
        details.put(SEGMENTS, Integer.toString(segments.segments()));
        details.put(ENCODING, segments.encoding());
        PhoneNumber to = new PhoneNumber(message.recipient());
        MessageCreator creator;
        if (TwilioProperties.isSet(properties.smsFrom())) {
            creator = Message.creator(to, new PhoneNumber(properties.smsFrom()), text);
        } else if (TwilioProperties.isSet(properties.messagingServiceSid())) {
            creator = Message.creator(to, properties.messagingServiceSid(), text);
        } else {
            throw ChannelSendException.permanent("NOT_CONFIGURED",
                    "No SMS sender: set sila.twilio.sms-from or sila.twilio.messaging-service-sid", null);
        }
        if (!message.attachments().isEmpty()) {
            List<URI> media = new ArrayList<>();
            for (int i = 0; i < message.attachments().size(); i++) {
                media.add(mediaUrl(message, i));
            }
            creator.setMediaUrl(media);
            details.put(ROUTE, "mms");
        }
        return create(message, creator, details);
    }

    private MessageCreator whatsappCreator(String recipient) {
        PhoneNumber to = new PhoneNumber("whatsapp:" + recipient);
        if (TwilioProperties.isSet(properties.whatsappFrom())) {
            return Message.creator(to, new PhoneNumber("whatsapp:" + properties.whatsappFrom()), (String) null);
        }
        if (TwilioProperties.isSet(properties.messagingServiceSid())) {
            return Message.creator(to, properties.messagingServiceSid(), (String) null);
        }
        throw ChannelSendException.permanent("NOT_CONFIGURED",
                "No WhatsApp sender: set sila.twilio.whatsapp-from or sila.twilio.messaging-service-sid", null);
    }

    private SendResult create(OutboundMessage message, MessageCreator creator, Map<String, String> details) {
        String callback = signatures.callbackUrl("/webhooks/twilio/status?channel=" + message.channel());
        if (callback != null) {
            creator.setStatusCallback(callback);
        }
        try {
            Message sent = creator.create(client);
            if (sent.getStatus() != null) {
                details.put("twilioStatus", sent.getStatus().toString());
            }
            return new SendResult(sent.getSid(), DeliveryStatus.SENT, details);
        } catch (ApiException e) {
            throw classify(e);
        } catch (ApiConnectionException e) {
            throw ChannelSendException.retryable("TWILIO_UNREACHABLE", "Could not reach Twilio: " + e.getMessage(),
                    null, e);
        } catch (TwilioException e) {
            throw ChannelSendException.retryable("TWILIO_ERROR", String.valueOf(e.getMessage()), null, e);
        }
    }

    /** 429 and 5xx (or no status at all) are worth another try; any other 4xx will fail the same way again. */
    static ChannelSendException classify(ApiException e) {
        Integer status = e.getStatusCode();
        String code = e.getCode() != null ? String.valueOf(e.getCode())
                : status != null ? "HTTP_" + status : "TWILIO_ERROR";
        String text = String.valueOf(e.getMessage());
        if (status == null || status == 429 || status >= 500) {
            return ChannelSendException.retryable(code, text, null, e);
        }
        return ChannelSendException.permanent(code, text, e);
    }

    /** Plain SMS and WhatsApp text have no buttons: choices become numbered lines the beneficiary answers with. */
    static String withChoices(String text, List<QuickReply> choices) {
        if (choices.isEmpty()) {
            return text;
        }
        var out = new StringBuilder(text);
        for (int i = 0; i < choices.size(); i++) {
            out.append(i == 0 ? "\n\n" : "\n").append(i + 1).append(". ").append(choices.get(i).title());
        }
        return out.toString();
    }
}
