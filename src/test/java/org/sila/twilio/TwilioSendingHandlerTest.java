package org.sila.twilio;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.twilio.http.TwilioRestClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sila.channel.Attachment;
import org.sila.channel.ChannelSendException;
import org.sila.channel.ChannelType;
import org.sila.channel.FileLinks;
import org.sila.channel.OutboundMessage;
import org.sila.channel.QuickReply;
import org.sila.channel.SendResult;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sender alone, against WireMock through the real SDK: routes, segments, choices and error classes. */
class TwilioSendingHandlerTest {

    private static final Instant NOW = Instant.parse("2026-11-22T09:00:00Z");

    @BeforeEach
    void reset() {
        TwilioFake.reset();
    }

    @Test
    void outsideTheWindowWithoutATemplateTheMessageFallsBackToSmsAndSaysSo() {
        SendResult result = sender(null, TwilioFake.SMS_FROM).send(message(ChannelType.WHATSAPP, "موعدك غداً",
                NOW.minus(Duration.ofHours(30)), List.of()));

        assertThat(result.details()).containsEntry("route", "sms-fallback").containsEntry("segments", "1");
        assertThat(result.details().get("routeReason")).contains("24-hour window is closed").contains("SMS");
        assertThat(TwilioFake.sentMessages()).singleElement().satisfies(form -> assertThat(form)
                .containsEntry("To", "+966501000201").containsEntry("From", TwilioFake.SMS_FROM)
                .containsEntry("Body", "موعدك غداً")
                .containsEntry("StatusCallback", TwilioFake.PUBLIC_URL + "/webhooks/twilio/status?channel=WHATSAPP"));
    }

    @Test
    void aBeneficiaryWhoNeverWroteOnWhatsAppGetsTheTemplate() {
        SendResult result = sender(TwilioFake.TEMPLATE_SID, TwilioFake.SMS_FROM)
                .send(message(ChannelType.WHATSAPP, "تذكير", null, List.of()));
        assertThat(result.details()).containsEntry("route", "whatsapp-template");
        assertThat(TwilioFake.sentMessages().get(0)).containsEntry("To", "whatsapp:+966501000201")
                .containsEntry("ContentSid", TwilioFake.TEMPLATE_SID);
    }

    @Test
    void withNoTemplateAndNoSmsSenderTheWindowRuleFailsTheMessagePermanently() {
        assertThatThrownBy(() -> sender(null, null).send(message(ChannelType.WHATSAPP, "نص",
                NOW.minus(Duration.ofDays(3)), List.of())))
                .isInstanceOfSatisfying(ChannelSendException.class, e -> {
                    assertThat(e.isRetryable()).isFalse();
                    assertThat(e.code()).isEqualTo("WHATSAPP_WINDOW_CLOSED");
                });
        assertThat(TwilioFake.sentMessages()).isEmpty();
    }

    @Test
    void choicesBecomeNumberedLinesOnSmsAndWhatsApp() {
        var choices = List.of(new QuickReply("نعم", "yes"), new QuickReply("لا", "no"));
        sender(null, TwilioFake.SMS_FROM).send(message(ChannelType.SMS, "هل وصلتك المساعدة؟", null, choices));
        sender(null, TwilioFake.SMS_FROM).send(message(ChannelType.WHATSAPP, "هل وصلتك المساعدة؟",
                NOW.minus(Duration.ofHours(1)), choices));
        assertThat(TwilioFake.sentMessages()).extracting(f -> f.get("Body"))
                .containsOnly("هل وصلتك المساعدة؟\n\n1. نعم\n2. لا");
    }

    @Test
    void choicesGoAsWhatsAppButtonsWhereAQuickReplyTemplateExistsAndAsNumberedLinesOtherwise() throws Exception {
        var sender = sender(null, TwilioFake.SMS_FROM, Map.of(2, "HXbuttons2"));
        Instant inWindow = NOW.minus(Duration.ofHours(1));
        SendResult buttons = sender.send(message(ChannelType.WHATSAPP, "هل وصلتك المساعدة؟", inWindow,
                List.of(new QuickReply("نعم", "yes"), new QuickReply("لا", "no"))));
        assertThat(buttons.details()).containsEntry("route", "whatsapp-buttons").containsEntry("contentSid", "HXbuttons2");
        Map<String, String> form = TwilioFake.sentMessages().get(0);
        assertThat(form).containsEntry("To", "whatsapp:+966501000201").containsEntry("ContentSid", "HXbuttons2")
                .doesNotContainKey("Body");
        assertThat(tools.jackson.databind.json.JsonMapper.builder().build().readValue(form.get("ContentVariables"),
                Map.class)).isEqualTo(Map.of("1", "هل وصلتك المساعدة؟", "2", "نعم", "3", "لا", "4", "yes", "5", "no"));

        // three choices have no template; a title over WhatsApp's 20 characters does not fit a button
        sender.send(message(ChannelType.WHATSAPP, "اختر", inWindow, List.of(new QuickReply("أ", "a"),
                new QuickReply("ب", "b"), new QuickReply("ج", "c"))));
        sender.send(message(ChannelType.WHATSAPP, "اختر", inWindow, List.of(new QuickReply("نعم", "yes"),
                new QuickReply("لا، أريد التحدث إلى موظف الآن", "staff"))));
        assertThat(TwilioFake.sentMessages().subList(1, 3)).allSatisfy(f -> assertThat(f).doesNotContainKey("ContentSid"))
                .extracting(f -> f.get("Body"))
                .containsExactly("اختر\n\n1. أ\n2. ب\n3. ج", "اختر\n\n1. نعم\n2. لا، أريد التحدث إلى موظف الآن");
    }

    @Test
    void aVoiceConversationIsAnsweredBySms() {
        SendResult result = sender(null, TwilioFake.SMS_FROM).send(message(ChannelType.VOICE, "سنتصل بك", null,
                List.of()));
        assertThat(result.details()).containsEntry("route", "sms");
        assertThat(TwilioFake.sentMessages().get(0)).containsEntry("To", "+966501000201")
                .containsEntry("StatusCallback", TwilioFake.PUBLIC_URL + "/webhooks/twilio/status?channel=VOICE");
    }

    @Test
    void serverErrorsAreRetryableAndRejectionsPermanentWithTwiliosCode() {
        TwilioFake.server().stubFor(post(urlPathEqualTo(TwilioFake.MESSAGES_PATH)).atPriority(1)
                .willReturn(aResponse().withStatus(503).withBody("Service Unavailable")));
        assertThatThrownBy(() -> sender(null, TwilioFake.SMS_FROM).send(message(ChannelType.SMS, "x", null,
                List.of()))).isInstanceOfSatisfying(ChannelSendException.class,
                e -> assertThat(e.isRetryable()).isTrue());
        assertThat(TwilioFake.sentMessages()).hasSize(1);

        TwilioFake.server().stubFor(post(urlPathEqualTo(TwilioFake.MESSAGES_PATH)).atPriority(1)
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody(TwilioFake.fixture("error-21211.json"))));
        assertThatThrownBy(() -> sender(null, TwilioFake.SMS_FROM).send(message(ChannelType.SMS, "x", null,
                List.of()))).isInstanceOfSatisfying(ChannelSendException.class, e -> {
                    assertThat(e.isRetryable()).isFalse();
                    assertThat(e.code()).isEqualTo("21211");
                    assertThat(e.getMessage()).contains("not a valid phone number");
                });
    }

    @Test
    void anMmsToAUsNumberCarriesEveryFileAsASignedMediaUrlInOneMessage() {
        SendResult result = sender(null, TwilioFake.SMS_FROM).send(withFiles(ChannelType.SMS, "+12025550143", null,
                new Attachment("slip.png", "image/png", new byte[] {1, 2, 3}),
                new Attachment("form.pdf", "application/pdf", new byte[] {4, 5})));
        assertThat(result.details()).containsEntry("route", "mms");
        String body = TwilioFake.server().getAllServeEvents().get(0).getRequest().getBodyAsString();
        assertThat(body.split("MediaUrl=", -1)).hasSize(3);
        assertThat(TwilioFake.sentMessages()).singleElement().satisfies(form ->
                assertThat(form.get("MediaUrl")).startsWith(TwilioFake.PUBLIC_URL + "/files/").contains("signature="));
    }

    @Test
    void aFileTwilioWouldNotTakeFailsPermanentlyWithTheReasonBeforeAnythingIsSent() {
        Instant inWindow = NOW.minus(Duration.ofHours(1));
        var bigPhoto = new Attachment("photo.jpg", "image/jpeg", new byte[(int) TwilioFiles.WHATSAPP_MAX_IMAGE_BYTES + 1]);
        var program = new Attachment("setup.exe", "application/x-msdownload", new byte[] {1});
        var letter = new Attachment("letter.pdf", "application/pdf", new byte[] {1});
        assertRefused(withFiles(ChannelType.WHATSAPP, "+966501000201", inWindow, bigPhoto), "WHATSAPP_FILE_REFUSED",
                "photo.jpg", "5000000");
        assertRefused(withFiles(ChannelType.WHATSAPP, "+966501000201", inWindow, program), "WHATSAPP_FILE_REFUSED",
                "application/x-msdownload");
        assertRefused(withFiles(ChannelType.WHATSAPP, "+966501000201", NOW.minus(Duration.ofHours(30)), letter),
                "WHATSAPP_FILE_REFUSED", "24 hours");
        assertRefused(withFiles(ChannelType.SMS, "+218912345678", null, letter), "SMS_FILE_REFUSED", "LY");
        assertThat(TwilioFake.sentMessages()).isEmpty();
    }

    @Test
    void twiliosRefusalOfTheMediaFailsTheMessageWithTwiliosReason() {
        TwilioFake.server().stubFor(post(urlPathEqualTo(TwilioFake.MESSAGES_PATH)).atPriority(1)
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("MediaUrl"))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"code\": 11751, \"message\": \"Media exceeds messaging provider size limit\", "
                                + "\"more_info\": \"https://www.twilio.com/docs/errors/11751\", \"status\": 400}")));
        assertThatThrownBy(() -> sender(null, TwilioFake.SMS_FROM).send(withFiles(ChannelType.WHATSAPP,
                "+966501000201", NOW.minus(Duration.ofHours(1)), new Attachment("a.pdf", "application/pdf", new byte[] {1}))))
                .isInstanceOfSatisfying(ChannelSendException.class, e -> {
                    assertThat(e.isRetryable()).isFalse();
                    assertThat(e.code()).isEqualTo("11751");
                    assertThat(e.getMessage()).contains("Media exceeds");
                });
    }

    private void assertRefused(OutboundMessage message, String code, String... reason) {
        assertThatThrownBy(() -> sender(null, TwilioFake.SMS_FROM).send(message))
                .isInstanceOfSatisfying(ChannelSendException.class, e -> {
                    assertThat(e.isRetryable()).isFalse();
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.getMessage()).contains(reason);
                });
    }

    private static OutboundMessage withFiles(ChannelType channel, String to, Instant lastInboundAt,
                                             Attachment... files) {
        return new OutboundMessage("m-" + System.nanoTime(), channel, to, "مرفق", List.of(), List.of(files),
                List.of(), lastInboundAt, false, 1, Map.of(), null);
    }

    @Test
    void arabicIsCountedInUcs2Segments() {
        assertThat(SmsSegments.of("ع".repeat(70))).isEqualTo(new SmsSegments("UCS-2", 70, 1));
        assertThat(SmsSegments.of("ع".repeat(71)).segments()).isEqualTo(2);
        assertThat(SmsSegments.of("ع".repeat(134)).segments()).isEqualTo(2);
        assertThat(SmsSegments.of("ع".repeat(135)).segments()).isEqualTo(3);
        assertThat(SmsSegments.of("a".repeat(160))).isEqualTo(new SmsSegments("GSM-7", 160, 1));
        assertThat(SmsSegments.of("a".repeat(161)).segments()).isEqualTo(2);
        assertThat(SmsSegments.of("a".repeat(159) + "€").segments()).isEqualTo(2);
    }

    private static OutboundMessage message(ChannelType channel, String text, Instant lastInboundAt,
                                           List<QuickReply> choices) {
        return new OutboundMessage("m-" + System.nanoTime(), channel, "+966501000201", text, choices, List.of(),
                List.of(), lastInboundAt, false, 1, Map.of(), null);
    }

    private static TwilioSendingHandler sender(String templateSid, String smsFrom) {
        return sender(templateSid, smsFrom, Map.of());
    }

    private static TwilioSendingHandler sender(String templateSid, String smsFrom,
                                               Map<Integer, String> quickReplyTemplates) {
        var properties = new TwilioProperties(TwilioFake.ACCOUNT_SID, TwilioFake.AUTH_TOKEN, smsFrom,
                TwilioFake.WHATSAPP_FROM, null, URI.create(TwilioFake.baseUrl()), TwilioFake.PUBLIC_URL, templateSid,
                Duration.ofHours(24), 1_000_000, null, 120, quickReplyTemplates);
        TwilioRestClient client = new TwilioRestClient.Builder(TwilioFake.ACCOUNT_SID, TwilioFake.AUTH_TOKEN)
                .httpClient(new TwilioHttpClient(properties.apiUrl())).build();
        Clock clock = Clock.fixed(NOW, ZoneId.of("UTC"));
        return new TwilioSendingHandler(client, properties, new TwilioSignatures(properties),
                new FileLinks(TwilioFake.PUBLIC_URL, new byte[32], Duration.ofHours(1), clock), Optional.of(clock));
    }
}
