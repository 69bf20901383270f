package org.sila.twilio;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.sila.channel.Attachment;
import org.sila.channel.ChannelType;
import org.sila.channel.DeliveryStatus;
import org.sila.channel.FileLinks;
import org.sila.conversation.Message;
import org.sila.conversation.Reply;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A staff member's file on WhatsApp and SMS through the whole hub: Twilio gets a signed link (MediaUrl) to the hub,
 * which serves the file to that link only while it is good; a file Twilio would not deliver fails the message
 * visibly with the reason.
 */
class TwilioFilesOutTest extends TwilioHubTestSupport {

    private static final byte[] LETTER = "%PDF-1.4 قرار اللجنة".getBytes(StandardCharsets.UTF_8);
    private final HttpClient http = HttpClient.newHttpClient();

    @Autowired
    FileLinks links;

    @Test
    void onWhatsAppTheTextGoesThenTheFileAsMediaTwilioFetchesFromASignedExpiringLink() throws Exception {
        String conversationId = conversationOn(ChannelType.WHATSAPP, "+966501000131", "SM20000000000000000000000000000131");
        Message reply = conversations.reply(conversationId, Reply.fromStaff("sara", "مرفق خطاب قرار اللجنة"),
                List.of(new Attachment("قرار اللجنة.pdf", "application/pdf", LETTER)));

        Message sent = await().until(() -> conversations.message(reply.id()).orElseThrow(),
                m -> m.status() == DeliveryStatus.SENT);
        List<Map<String, String>> toHer = TwilioFake.sentMessages().stream()
                .filter(f -> "whatsapp:+966501000131".equals(f.get("To"))).toList();
        Map<String, String> text = toHer.get(toHer.size() - 2);
        Map<String, String> media = toHer.get(toHer.size() - 1);
        assertThat(text).containsEntry("Body", "مرفق خطاب قرار اللجنة").doesNotContainKey("MediaUrl");
        assertThat(media).doesNotContainKey("Body").containsKey("MediaUrl");
        assertThat(sent.details()).containsKey("mediaMessageSids");

        String link = media.get("MediaUrl");
        assertThat(link).startsWith(TwilioFake.PUBLIC_URL + "/files/" + reply.id() + "/0/");
        HttpResponse<byte[]> file = fetch(link);
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.body()).isEqualTo(LETTER);
        assertThat(file.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(file.headers().firstValue("Content-Disposition").orElseThrow()).contains("filename*=UTF-8''");

        assertThat(fetch(link.replaceAll("signature=[^&]+", "signature=forged")).statusCode()).isEqualTo(403);
        assertThat(fetch(link.replaceAll("&signature=[^&]+", "")).statusCode()).isEqualTo(403);
        assertThat(fetch(link.replace("/0/", "/1/")).statusCode()).isEqualTo(403); // signed for file 0 only
        assertThat(fetch(links.link(reply.id(), 1, "x.pdf").toString()).statusCode()).isEqualTo(404);
        assertThat(fetch(links.link("0123456789abcdef01234567", 0, "x.pdf").toString()).statusCode()).isEqualTo(404);
        clock.setNow(Instant.now().plus(Duration.ofHours(2)));
        assertThat(fetch(link).statusCode()).isEqualTo(403); // expired
    }

    @Test
    void anSmsToASaudiNumberCannotCarryAFileAndTheMessageFailsWithTheReasonBeforeAnythingIsSent() {
        String conversationId = conversationOn(ChannelType.SMS, "+966501000132", "SM20000000000000000000000000000132");
        int before = TwilioFake.sentMessages().size();
        Message reply = conversations.reply(conversationId, Reply.fromStaff("sara", "الخطاب مرفق"),
                List.of(new Attachment("letter.pdf", "application/pdf", LETTER)));

        Message failed = await().until(() -> conversations.message(reply.id()).orElseThrow(),
                m -> m.status() == DeliveryStatus.FAILED);
        assertThat(failed.errorCode()).isEqualTo("SMS_FILE_REFUSED");
        assertThat(failed.error()).contains("SA", "WhatsApp");
        assertThat(TwilioFake.sentMessages()).hasSize(before);
    }

    /** A conversation the beneficiary opened, with the bot's answer sent, so staff replies come after it. */
    private String conversationOn(ChannelType channel, String phone, String sid) {
        String from = channel == ChannelType.WHATSAPP ? "whatsapp:" + phone : phone;
        twilio.post("/webhooks/twilio/messages", TwilioFake.payload(channel == ChannelType.WHATSAPP
                ? "inbound-whatsapp.json" : "inbound-sms.json", "MessageSid", sid, "From", from));
        Message in = awaitInbound(channel, sid);
        await().until(() -> conversations.message(in.id()).orElseThrow().handledAt() != null);
        await().until(() -> conversations.messages(in.conversationId()).stream()
                .anyMatch(m -> m.direction().name().equals("OUT") && m.status() != DeliveryStatus.QUEUED));
        return in.conversationId();
    }

    /** Fetches a link as Twilio would, from this hub instead of its public address. */
    private HttpResponse<byte[]> fetch(String link) throws Exception {
        URI local = URI.create(link.replace(TwilioFake.PUBLIC_URL, "http://localhost:" + port));
        return http.send(HttpRequest.newBuilder(local).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
