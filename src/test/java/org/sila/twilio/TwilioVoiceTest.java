package org.sila.twilio;

import java.net.http.HttpResponse;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.sila.casework.Case;
import org.sila.casework.CaseService;
import org.sila.casework.CaseType;
import org.sila.casework.OpenCase;
import org.sila.channel.ChannelType;
import org.sila.channel.InboundMessage;
import org.sila.conversation.Message;
import org.springframework.beans.factory.annotation.Autowired;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/** The phone menu: each branch's TwiML, and what lands in the caller's conversation. */
class TwilioVoiceTest extends TwilioHubTestSupport {

    private static final ZoneId RIYADH = ZoneId.of("Asia/Riyadh");
    /** A Sunday morning (working hours) and a Friday (closed). */
    private static final LocalDateTime SUNDAY_10 = LocalDateTime.of(2026, 11, 15, 10, 0);
    private static final LocalDateTime FRIDAY_10 = LocalDateTime.of(2026, 11, 20, 10, 0);

    @Autowired
    CaseService cases;

    @Test
    void aCallIsLoggedAndGreetedInArabicWithTheMenu() {
        var response = call("/webhooks/twilio/voice", "CA20000000000000000000000000000001", "+966501000301");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).contains("xml");
        assertThat(response.body()).contains("<Gather", "numDigits=\"1\"",
                "action=\"https://hub.example.org/webhooks/twilio/voice/menu?lang=ar&amp;attempt=1\"",
                "language=\"ar-XA\"", "مرحباً بكم", "اضغط 1", "For English, press 9.");
        Message log = conversations.findByExternalId(ChannelType.VOICE, "CA20000000000000000000000000000001");
        assertThat(log.address()).isEqualTo("+966501000301");
        assertThat(log.details()).containsEntry("kind", "call").doesNotContainKey(InboundMessage.META_HANDOFF);
    }

    @Test
    void nineSwitchesToEnglish() {
        var response = menu("ar", 1, "9", "+966501000302");
        assertThat(response.body()).contains("language=\"en-US\"", "For the status of your request, press 1",
                "lang=en&amp;attempt=1", "للعربية اضغط 9");
    }

    @Test
    void oneAsksForTheReferenceAndTellsTheStatusOnlyToItsOwner() {
        String phone = "+966501000303";
        call("/webhooks/twilio/voice", "CA20000000000000000000000000000003", phone);
        String beneficiaryId = conversations.findByExternalId(ChannelType.VOICE,
                "CA20000000000000000000000000000003").beneficiaryId();
        Case mine = cases.open(new OpenCase(CaseType.SUPPORT_REQUEST, beneficiaryId, null, ChannelType.VOICE,
                Map.of(), false, null, null, null, "test"));
        Case someoneElses = cases.open(new OpenCase(CaseType.SUPPORT_REQUEST, "someone-else", null,
                ChannelType.WEBCHAT, Map.of(), false, null, null, null, "test"));

        assertThat(menu("ar", 1, "1", phone).body()).contains("<Gather", "finishOnKey=\"#\"",
                "/webhooks/twilio/voice/status?lang=ar&amp;attempt=1", "أدخل رقم طلبك");

        var found = status("ar", 1, digits(mine), phone);
        assertThat(found.body()).contains("حالة طلبك: تم استلام طلبك", "<Hangup/>");

        var refused = status("ar", 1, digits(someoneElses), phone);
        assertThat(refused.body()).contains("لم نجد طلباً", "attempt=2").doesNotContain("تم استلام");
        assertThat(status("ar", 3, "0000000000", phone).body()).contains("لم نجد طلباً", "<Hangup/>")
                .doesNotContain("<Gather");
    }

    @Test
    void twoRecordsACallBackRequestForStaff() {
        var response = menu("ar", 1, "2", "+966501000304");
        assertThat(response.body()).contains("سيتصل بك أحد موظفينا", "<Hangup/>");
        Message task = conversations.findByExternalId(ChannelType.VOICE,
                "CA20000000000000000000000000000000:callback");
        assertThat(task.address()).isEqualTo("+966501000304");
        assertThat(task.details()).containsEntry(InboundMessage.META_HANDOFF, "true").containsEntry("kind", "callback");
    }

    @Test
    void zeroDialsTheOfficeInWorkingHours() {
        clock.setNow(SUNDAY_10.atZone(RIYADH).toInstant());
        var response = menu("ar", 1, "0", "+966501000305");
        assertThat(response.body()).contains("<Dial", "+966112345678", "/webhooks/twilio/voice/dialed?lang=ar");
    }

    @Test
    void theLineKeepsTheAssociationsWorkingHoursNotHoursOfItsOwn() {
        // 15:30 on a Sunday: the profile's staff left at 15:00, so the line does not ring an empty office
        clock.setNow(SUNDAY_10.plusHours(5).plusMinutes(30).atZone(RIYADH).toInstant());
        var response = menu("ar", 1, "0", "+966501000309");
        assertThat(response.body()).contains("<Record").doesNotContain("<Dial");
        clock.reset();
    }

    @Test
    void zeroOutsideWorkingHoursRecordsAVoicemailThatLandsInTheConversation() {
        clock.setNow(FRIDAY_10.atZone(RIYADH).toInstant());
        var response = menu("ar", 1, "0", "+966501000306");
        assertThat(response.body()).contains("<Record", "مكتبنا مغلق", "playBeep=\"true\"",
                "recordingStatusCallback=\"https://hub.example.org/webhooks/twilio/voice/recording?lang=ar&amp;"
                        + "from=%2B966501000306\"").doesNotContain("<Dial");
        clock.reset();

        byte[] mp3 = {'I', 'D', '3', 4, 0, 0};
        TwilioFake.server().stubFor(get(urlPathEqualTo("/2010-04-01/Accounts/" + TwilioFake.ACCOUNT_SID
                + "/Recordings/RE00000000000000000000000000000001.mp3"))
                .withBasicAuth(TwilioFake.ACCOUNT_SID, TwilioFake.AUTH_TOKEN)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "audio/mpeg").withBody(mp3)));
        var recorded = twilio.post("/webhooks/twilio/voice/recording?lang=ar&from=%2B966501000306",
                TwilioFake.payload("recording-completed.json"));

        assertThat(recorded.statusCode()).isBetween(200, 204);
        Message voicemail = conversations.findByExternalId(ChannelType.VOICE, "RE00000000000000000000000000000001");
        assertThat(voicemail.address()).isEqualTo("+966501000306");
        assertThat(voicemail.details()).containsEntry(InboundMessage.META_HANDOFF, "true")
                .containsEntry("kind", "voicemail").containsEntry("recordingSeconds", "14");
        assertThat(voicemail.attachments()).singleElement().satisfies(a -> {
            assertThat(a.contentType()).isEqualTo("audio/mpeg");
            assertThat(a.size()).isEqualTo(mp3.length);
        });
    }

    @Test
    void anUnansweredOfficeCallGoesToVoicemail() {
        var params = TwilioFake.payload("voice-incoming.json", "From", "+966501000307",
                "DialCallStatus", "no-answer");
        var response = twilio.post("/webhooks/twilio/voice/dialed?lang=ar&attempt=1", params);
        assertThat(response.body()).contains("<Record");
    }

    @Test
    void badDigitsRepeatTheMenuAndTheThirdMissEndsTheCall() {
        assertThat(menu("ar", 1, "7", "+966501000308").body()).contains("اختيار غير صحيح", "<Gather",
                "attempt=2");
        assertThat(menu("ar", 2, "", "+966501000308").body()).contains("attempt=3");
        assertThat(menu("ar", 3, "*", "+966501000308").body()).contains("اختيار غير صحيح", "<Hangup/>")
                .doesNotContain("<Gather");
    }

    @Test
    void anUnsignedCallIs403AndLogsNothing() {
        long[] before = counts();
        var params = TwilioFake.payload("voice-incoming.json", "CallSid", "CA20000000000000000000000000000009");
        assertThat(twilio.post("/webhooks/twilio/voice", params, null).statusCode()).isEqualTo(403);
        assertThat(twilio.post("/webhooks/twilio/voice/menu?lang=ar&attempt=1", params, "bogus").statusCode())
                .isEqualTo(403);
        assertThat(counts()).containsExactly(before);
    }

    @Test
    void aCallWithoutACallSidIs400() {
        var params = TwilioFake.payload("voice-incoming.json");
        params.remove("CallSid");
        var response = twilio.post("/webhooks/twilio/voice", params);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("CallSid");
    }

    private HttpResponse<String> call(String path, String callSid, String from) {
        return twilio.post(path, TwilioFake.payload("voice-incoming.json", "CallSid", callSid, "From", from));
    }

    private HttpResponse<String> menu(String lang, int attempt, String digits, String from) {
        return twilio.post("/webhooks/twilio/voice/menu?lang=" + lang + "&attempt=" + attempt,
                TwilioFake.payload("voice-incoming.json", "CallSid", "CA20000000000000000000000000000000",
                        "From", from, "Digits", digits));
    }

    private HttpResponse<String> status(String lang, int attempt, String digits, String from) {
        return twilio.post("/webhooks/twilio/voice/status?lang=" + lang + "&attempt=" + attempt,
                TwilioFake.payload("voice-incoming.json", "From", from, "Digits", digits));
    }

    /** SR-2026-000123 keyed on a phone: 2026000123. */
    private static String digits(Case c) {
        return c.reference().replaceAll("\\D", "");
    }
}
