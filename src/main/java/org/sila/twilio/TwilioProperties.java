package org.sila.twilio;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Twilio channels' settings (SMS, WhatsApp, voice). The adapter is on only when both {@code accountSid} and
 * {@code authToken} are set (see {@link TwilioEnabled}); secrets have no defaults.
 *
 * @param accountSid            {@code TWILIO_ACCOUNT_SID}
 * @param authToken             {@code TWILIO_AUTH_TOKEN}; also the key of webhook signatures
 * @param smsFrom               the association's SMS number (E.164)
 * @param whatsappFrom          the association's WhatsApp sender (E.164, without the {@code whatsapp:} prefix)
 * @param messagingServiceSid   sends through a Messaging Service instead of {@code smsFrom} / {@code whatsappFrom}
 * @param apiUrl                base URL of Twilio's REST API (a fake stands in for tests)
 * @param publicUrl             the hub's public base URL, as Twilio calls it (signatures, callback URLs); when
 *                              blank, the request's own URL (with {@code X-Forwarded-*}) is used
 * @param whatsappTemplateSid   an approved template ({@code ContentSid}, variable 1 = the text) sent when the
 *                              24-hour window is closed; blank: fall back to SMS
 * @param whatsappWindow        WhatsApp's customer service window
 * @param maxMediaBytes         the largest inbound file kept (voicemails included)
 * @param officeNumber          where "0: speak to staff" is dialled in working hours (the association profile's
 *                              days, hours and time zone); blank: always voicemail
 * @param voicemailMaxSeconds   longest voicemail recorded
 * @param whatsappQuickReplyTemplates approved {@code twilio/quick-reply} Content templates by number of buttons
 *                              ({@code ContentSid}; variable 1 = the text, 2… = the button titles, then their ids):
 *                              choices go as WhatsApp buttons where one exists, as numbered lines otherwise
 */
@ConfigurationProperties("sila.twilio")
record TwilioProperties(
        String accountSid,
        String authToken,
        String smsFrom,
        String whatsappFrom,
        String messagingServiceSid,
        @DefaultValue("https://api.twilio.com") URI apiUrl,
        String publicUrl,
        String whatsappTemplateSid,
        @DefaultValue("24h") Duration whatsappWindow,
        @DefaultValue("10000000") long maxMediaBytes,
        String officeNumber,
        @DefaultValue("120") int voicemailMaxSeconds,
        Map<Integer, String> whatsappQuickReplyTemplates) {

    TwilioProperties {
        whatsappQuickReplyTemplates = whatsappQuickReplyTemplates == null ? Map.of()
                : Map.copyOf(whatsappQuickReplyTemplates);
    }

    static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }

    /** The public base URL without a trailing slash, or null when the request's URL is to be used. */
    String publicBase() {
        if (!isSet(publicUrl)) {
            return null;
        }
        String base = publicUrl.strip();
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}
