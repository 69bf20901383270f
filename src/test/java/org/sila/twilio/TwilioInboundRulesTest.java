package org.sila.twilio;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.sila.channel.ChannelType;
import org.sila.channel.InboundRules;
import org.sila.channel.SharedContent;
import org.sila.conversation.Direction;
import org.sila.conversation.Message;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The channel's one rule set on Twilio: what Twilio never sends is a 400 with nothing stored and one log line;
 * what it sends in older or sparser forms is taken; a WhatsApp place keeps its coordinates, address and label.
 */
@ExtendWith(OutputCaptureExtension.class)
class TwilioInboundRulesTest extends TwilioHubTestSupport {

    private static Map<String, String> sms(String sid, String from, String body) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("MessageSid", sid);
        p.put("AccountSid", TwilioFake.ACCOUNT_SID);
        p.put("From", from);
        p.put("To", TwilioFake.SMS_FROM);
        p.put("Body", body);
        p.put("NumMedia", "0");
        return p;
    }

    @Test
    void aTextLongerThanAnyProviderSendsIsRefusedAndNothingIsStored() {
        var response = twilio.post("/webhooks/twilio/messages", sms("SM-rules-long", "+966501000901",
                "ا".repeat(InboundRules.MAX_TEXT_CHARS + 1)));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(conversations.findByExternalId(ChannelType.SMS, "SM-rules-long")).isNull();
        assertThat(conversations.identity(ChannelType.SMS, "+966501000901")).isEmpty();
        // The longest text a provider sends is taken.
        assertThat(twilio.post("/webhooks/twilio/messages", sms("SM-rules-longest", "+966501000902",
                "ا".repeat(InboundRules.MAX_TEXT_CHARS))).statusCode()).isEqualTo(200);
    }

    @Test
    void aWhatsAppSenderWithoutANumberIsRefused() {
        var response = twilio.post("/webhooks/twilio/messages", sms("SM-rules-nobody", "whatsapp:", "مرحبا"));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("WhatsApp number");
        assertThat(conversations.findByExternalId(ChannelType.WHATSAPP, "SM-rules-nobody")).isNull();
        assertThat(conversations.findByExternalId(ChannelType.SMS, "SM-rules-nobody")).isNull();
    }

    @Test
    void aMessageNamedOnlyBySmsSidIsTaken() {
        Map<String, String> p = sms(null, "+966501000903", "السلام عليكم");
        p.remove("MessageSid");
        p.put("SmsSid", "SM-rules-smssid-only");
        assertThat(twilio.post("/webhooks/twilio/messages", p).statusCode()).isEqualTo(200);
        assertThat(conversations.findByExternalId(ChannelType.SMS, "SM-rules-smssid-only")).isNotNull();
    }

    @Test
    void aWhatsAppLocationKeepsItsPlaceAndIsAnswered() {
        Map<String, String> p = sms("SM-rules-location", "whatsapp:+966551000904", "");
        p.put("To", TwilioFake.WHATSAPP_FROM);
        p.put("Latitude", "24.7136");
        p.put("Longitude", "46.6753");
        p.put("Address", "King Fahd Rd, Riyadh");
        p.put("Label", "مقر الجمعية");
        assertThat(twilio.post("/webhooks/twilio/messages", p).statusCode()).isEqualTo(200);
        Message in = awaitInbound(ChannelType.WHATSAPP, "SM-rules-location");
        assertThat(SharedContent.of(in.details())).contains(
                new SharedContent.Location(24.7136, 46.6753, "مقر الجمعية", "King Fahd Rd, Riyadh"));
        Message reply = await().until(() -> conversations.messages(in.conversationId()).stream()
                .filter(m -> m.direction() == Direction.OUT).findFirst(), java.util.Optional::isPresent).orElseThrow();
        assertThat(reply.text()).contains("وصلنا موقعك");
        assertThat(reply.quickReplies()).isNotEmpty();
    }

    @Test
    void aWhatsAppStickerIsGreetedNotAskedAboutAFile() {
        Map<String, String> p = sms("SM-rules-sticker", "whatsapp:+966551000906", "");
        p.put("To", TwilioFake.WHATSAPP_FROM);
        p.put("MessageType", "sticker");
        assertThat(twilio.post("/webhooks/twilio/messages", p).statusCode()).isEqualTo(200);
        Message in = awaitInbound(ChannelType.WHATSAPP, "SM-rules-sticker");
        assertThat(SharedContent.of(in.details())).contains(new SharedContent.Sticker(null));
        Message reply = await().until(() -> conversations.messages(in.conversationId()).stream()
                .filter(m -> m.direction() == Direction.OUT).findFirst(), java.util.Optional::isPresent).orElseThrow();
        assertThat(reply.text()).startsWith("أهلاً بك");
    }

    @Test
    void aBodyThatIsNotUtf8IsA400WithoutAStackTrace(CapturedOutput output) throws Exception {
        int logged = output.getAll().length();
        byte[] body = "MessageSid=SM-rules-bytes&From=%2B966501000905&Body=%FF%FE%FD".getBytes(StandardCharsets.US_ASCII);
        var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/webhooks/twilio/messages"))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .header("X-Twilio-Signature", "c2lnbmF0dXJl")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isBetween(400, 499);
        assertThat(conversations.findByExternalId(ChannelType.SMS, "SM-rules-bytes")).isNull();
        String log = output.getAll().substring(logged);
        assertThat(log).doesNotContain("\tat ").doesNotContain(" ERROR ");
    }
}
