package org.sila.twilio;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sila.channel.ChannelType;
import org.sila.channel.DeliveryStatus;
import org.sila.channel.InboundMessage;
import org.sila.conversation.Author;
import org.sila.conversation.Conversation;
import org.sila.conversation.Message;
import org.sila.conversation.Reply;
import org.springframework.data.mongodb.core.query.Update;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/** SMS and WhatsApp in: signed webhooks, stored once, answered through Twilio; opt-out; media. */
class TwilioMessagingTest extends TwilioHubTestSupport {

    @Test
    void anArabicSmsIsStoredOnceAndAnsweredBySmsWithAStatusCallback() {
        var params = TwilioFake.payload("inbound-sms.json", "MessageSid", "SM10000000000000000000000000000001",
                "From", "+966501000101");
        HttpResponse<String> first = twilio.post("/webhooks/twilio/messages", params);
        HttpResponse<String> again = twilio.post("/webhooks/twilio/messages", params);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("xml"));
        assertThat(again.statusCode()).isEqualTo(200);
        Message stored = conversations.findByExternalId(ChannelType.SMS, "SM10000000000000000000000000000001");
        assertThat(stored.text()).isEqualTo("أريد الاستفسار عن المساعدات الشهرية");
        assertThat(stored.address()).isEqualTo("+966501000101");
        assertThat(conversations.beneficiary(stored.beneficiaryId()).orElseThrow().phone()).isEqualTo("+966501000101");

        Message reply = awaitReply(stored.conversationId());
        assertThat(conversations.messages(stored.conversationId())).filteredOn(m -> m.direction().name().equals("IN"))
                .hasSize(1);
        Map<String, String> sent = sentTo("+966501000101");
        assertThat(sent).containsEntry("From", TwilioFake.SMS_FROM)
                .containsEntry("StatusCallback", TwilioFake.PUBLIC_URL + "/webhooks/twilio/status?channel=SMS");
        // The bot's text, then its choices (if it offered any) as numbered lines.
        assertThat(sent.get("Body")).startsWith(reply.text());
        for (int i = 0; i < reply.quickReplies().size(); i++) {
            assertThat(sent.get("Body")).contains((i + 1) + ". " + reply.quickReplies().get(i).title());
        }
        assertThat(reply.externalId()).startsWith("SM");
        assertThat(reply.details()).containsEntry("route", "sms").containsEntry("encoding", "UCS-2")
                .containsEntry("segments", Integer.toString(SmsSegments.of(sent.get("Body")).segments()));
    }

    @Test
    void aWhatsAppMessageKeepsTheProfileNameAndMeetsTheSmsBeneficiaryByPhone() {
        twilio.post("/webhooks/twilio/messages", TwilioFake.payload("inbound-sms.json",
                "MessageSid", "SM10000000000000000000000000000002", "From", "+966501000102"));
        var response = twilio.post("/webhooks/twilio/messages", TwilioFake.payload("inbound-whatsapp.json",
                "MessageSid", "SM10000000000000000000000000000003", "From", "whatsapp:+966501000102"));

        assertThat(response.statusCode()).isEqualTo(200);
        Message sms = conversations.findByExternalId(ChannelType.SMS, "SM10000000000000000000000000000002");
        Message whatsapp = conversations.findByExternalId(ChannelType.WHATSAPP, "SM10000000000000000000000000000003");
        assertThat(whatsapp.address()).isEqualTo("+966501000102");
        assertThat(whatsapp.details()).containsEntry("profileName", "أم خالد");
        assertThat(whatsapp.beneficiaryId()).isEqualTo(sms.beneficiaryId());

        // Inside the 24-hour window: free text on WhatsApp.
        Message reply = awaitReply(whatsapp.conversationId());
        assertThat(reply.details()).containsEntry("route", "whatsapp");
        assertThat(sentTo("whatsapp:+966501000102")).containsEntry("From", "whatsapp:" + TwilioFake.WHATSAPP_FROM)
                .containsEntry("Body", reply.text())
                .containsEntry("StatusCallback", TwilioFake.PUBLIC_URL + "/webhooks/twilio/status?channel=WHATSAPP");
    }

    @Test
    void aPressedWhatsAppButtonComesBackAsItsPayload() {
        twilio.post("/webhooks/twilio/messages", TwilioFake.payload("inbound-whatsapp.json",
                "MessageSid", "SM10000000000000000000000000000009", "From", "whatsapp:+966501000109",
                "Body", "نعم", "ButtonText", "نعم", "ButtonPayload", "survey:5"));
        Message pressed = conversations.findByExternalId(ChannelType.WHATSAPP, "SM10000000000000000000000000000009");
        assertThat(pressed.quickReplyPayload()).isEqualTo("survey:5");
        assertThat(pressed.text()).isEqualTo("نعم");
    }

    @Test
    void outsideTheWhatsAppWindowTheApprovedTemplateGoesAndStaffSeeWhy() {
        twilio.post("/webhooks/twilio/messages", TwilioFake.payload("inbound-whatsapp.json",
                "MessageSid", "SM10000000000000000000000000000004", "From", "whatsapp:+966501000104"));
        Message in = conversations.findByExternalId(ChannelType.WHATSAPP, "SM10000000000000000000000000000004");
        awaitReply(in.conversationId());
        // handled: the conversation has moved for it, so the back-dating below is what stays
        await().until(() -> conversations.message(in.id()).orElseThrow().handledAt() != null);
        mongo.updateFirst(query(where("_id").is(in.conversationId())),
                new Update().set("lastInboundAt", Instant.now().minus(Duration.ofHours(25))), Conversation.class);

        Message notice = conversations.reply(in.conversationId(),
                Reply.fromBot("تمت الموافقة على طلبك", "case-accepted", 1.0, List.of()));
        Message sent = await().until(() -> conversations.message(notice.id()).orElseThrow(),
                m -> m.status() == DeliveryStatus.SENT);
        assertThat(sent.details()).containsEntry("route", "whatsapp-template")
                .containsEntry("contentSid", TwilioFake.TEMPLATE_SID);
        assertThat(sent.details().get("routeReason")).contains("24-hour window is closed");
        List<Map<String, String>> toHer = TwilioFake.sentMessages().stream()
                .filter(f -> "whatsapp:+966501000104".equals(f.get("To"))).toList();
        assertThat(toHer.get(toHer.size() - 1)).containsEntry("ContentSid", TwilioFake.TEMPLATE_SID)
                .containsEntry("ContentVariables", "{\"1\":\"تمت الموافقة على طلبك\"}")
                .doesNotContainKey("Body");
    }

    @Test
    void aForgedOrMissingSignatureIs403AndStoresNothing() {
        long[] before = counts();
        var params = TwilioFake.payload("inbound-sms.json", "MessageSid", "SM10000000000000000000000000000005",
                "From", "+966501000105");
        String forged = TwilioWebhookClient.signature(TwilioFake.PUBLIC_URL + "/webhooks/twilio/messages", params,
                "not-the-auth-token");
        String otherBody = TwilioWebhookClient.signature(TwilioFake.PUBLIC_URL + "/webhooks/twilio/messages",
                Map.of("Body", "something else"), TwilioFake.AUTH_TOKEN);

        assertThat(twilio.post("/webhooks/twilio/messages", params, forged).statusCode()).isEqualTo(403);
        assertThat(twilio.post("/webhooks/twilio/messages", params, otherBody).statusCode()).isEqualTo(403);
        assertThat(twilio.post("/webhooks/twilio/messages", params, null).statusCode()).isEqualTo(403);
        assertThat(twilio.post("/webhooks/twilio/status", params, null).statusCode()).isEqualTo(403);
        assertThat(counts()).containsExactly(before);
        assertThat(conversations.findByExternalId(ChannelType.SMS, "SM10000000000000000000000000000005")).isNull();
    }

    @Test
    void aSignatureOverTheForwardedUrlIsAcceptedBehindAProxy() {
        // The public URL is configured, so it wins over what a proxy claims: a signature over another host fails.
        var params = TwilioFake.payload("inbound-sms.json", "MessageSid", "SM10000000000000000000000000000006",
                "From", "+966501000106");
        String overOtherHost = TwilioWebhookClient.signature("https://evil.example/webhooks/twilio/messages",
                params, TwilioFake.AUTH_TOKEN);
        var response = twilio.post("/webhooks/twilio/messages", params, overOtherHost,
                "X-Forwarded-Proto", "https", "X-Forwarded-Host", "evil.example");
        assertThat(response.statusCode()).isEqualTo(403);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "no From, From, , MessageSid and From",
            "no MessageSid, MessageSid, , MessageSid",
            "NumMedia not a number, NumMedia, lots, NumMedia",
            "media URL missing, NumMedia, 1, MediaUrl0"})
    void aSignedButMalformedMessageIs400WithAReasonAndStoresNothing(String name, String field, String value,
                                                                      String reason) {
        long[] before = counts();
        // SmsSid or SmsMessageSid alone still name a message (older webhooks): blank them too.
        var params = TwilioFake.payload("inbound-sms.json", "MessageSid", "SM10000000000000000000000000000007",
                "SmsMessageSid", "", "SmsSid", "", "From", "+966501000107");
        if (value == null) {
            params.remove(field);
        } else {
            params.put(field, value);
        }
        var response = twilio.post("/webhooks/twilio/messages", params);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).containsAnyOf(reason.split(" and "));
        assertThat(counts()).containsExactly(before);
    }

    @Test
    void stopInArabicOptsOutOfNotificationsAndStartOptsBackIn() {
        String phone = "+966501000108";
        var stop = twilio.post("/webhooks/twilio/messages", TwilioFake.payload("inbound-sms.json",
                "MessageSid", "SM10000000000000000000000000000008", "From", phone, "Body", " إيقاف "));
        assertThat(stop.statusCode()).isEqualTo(200);
        assertThat(conversations.identity(ChannelType.SMS, phone).orElseThrow().optedOut()).isTrue();
        Message stopMessage = conversations.findByExternalId(ChannelType.SMS, "SM10000000000000000000000000000008");
        assertThat(stopMessage.details()).containsEntry("optOut", "STOP");

        Message notification = conversations.reply(stopMessage.conversationId(),
                new Reply("تغيرت حالة طلبك", List.of(), Author.BOT, "case-moved", null, true, Map.of()));
        Message failed = await().until(() -> conversations.message(notification.id()).orElseThrow(),
                m -> m.status() == DeliveryStatus.FAILED);
        assertThat(failed.errorCode()).isEqualTo("OPTED_OUT");
        assertThat(TwilioFake.sentMessages()).noneMatch(f -> "تغيرت حالة طلبك".equals(f.get("Body")));

        twilio.post("/webhooks/twilio/messages", TwilioFake.payload("inbound-sms.json",
                "MessageSid", "SM10000000000000000000000000000009", "From", phone, "Body", "ابدأ"));
        assertThat(conversations.identity(ChannelType.SMS, phone).orElseThrow().optedOut()).isFalse();
    }

    @Test
    void aStopGetsNoBotReply() {
        String phone = "+966501000120";
        twilio.post("/webhooks/twilio/messages", TwilioFake.payload("inbound-sms.json",
                "MessageSid", "SM10000000000000000000000000000120", "From", phone, "Body", "STOP"));
        Message stop = conversations.findByExternalId(ChannelType.SMS, "SM10000000000000000000000000000120");
        await().until(() -> conversations.message(stop.id()).orElseThrow().handledAt() != null);
        assertThat(conversations.messages(stop.conversationId())).extracting(Message::direction)
                .containsOnly(org.sila.conversation.Direction.IN);
        assertThat(TwilioFake.sentMessages()).noneMatch(f -> phone.equals(f.get("To")));
    }

    @ParameterizedTest
    @CsvSource({"STOP, true", "stop, true", "Unsubscribe, true", "إيقاف, true", "ايقاف, true", "START, false",
            "ابدأ, false"})
    void optOutKeywordsAreWholeMessages(String body, boolean optedOut) {
        assertThat(OptOutKeywords.of(body, null)).contains(optedOut);
        assertThat(OptOutKeywords.of("أريد " + body + " الطلب", null)).isEmpty();
    }

    @Test
    void twiliosOwnOptOutTypeIsHonoured() {
        assertThat(OptOutKeywords.of("arrêt", "STOP")).contains(true);
        assertThat(OptOutKeywords.of("whatever", "START")).contains(false);
    }

    @Test
    void mediaIsFetchedWithTheAccountsCredentialsIntoTheStore() {
        byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 1, 2, 3};
        String mediaPath = "/2010-04-01/Accounts/" + TwilioFake.ACCOUNT_SID
                + "/Messages/MM00000000000000000000000000000003/Media/ME00000000000000000000000000000003";
        TwilioFake.server().stubFor(get(urlPathEqualTo(mediaPath))
                .withBasicAuth(TwilioFake.ACCOUNT_SID, TwilioFake.AUTH_TOKEN)
                .willReturn(aResponse().withStatus(307).withHeader("Location", "/files/ME3.jpg")));
        TwilioFake.server().stubFor(get(urlPathEqualTo("/files/ME3.jpg")).withHeader("Authorization",
                        com.github.tomakehurst.wiremock.client.WireMock.absent())
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/jpeg").withBody(jpeg)));

        var response = twilio.post("/webhooks/twilio/messages", TwilioFake.payload("inbound-mms.json"));

        assertThat(response.statusCode()).isEqualTo(200);
        Message stored = conversations.findByExternalId(ChannelType.SMS, "MM00000000000000000000000000000003");
        assertThat(stored.attachments()).hasSize(1);
        assertThat(stored.attachments().get(0).contentType()).isEqualTo("image/jpeg");
        assertThat(conversations.attachment(stored.attachments().get(0).id()).orElseThrow().content())
                .isEqualTo(jpeg);
    }

    @Test
    void mediaTwilioWillNotHandOverIsNotedAndTheMessageIsStillKept() {
        var response = twilio.post("/webhooks/twilio/messages", TwilioFake.payload("inbound-mms.json",
                "MessageSid", "MM10000000000000000000000000000010", "From", "+966501000110",
                "MediaUrl0", "https://api.twilio.com/2010-04-01/Accounts/" + TwilioFake.ACCOUNT_SID
                        + "/Messages/MM10000000000000000000000000000010/Media/ME10"));

        assertThat(response.statusCode()).isEqualTo(200);
        Message stored = conversations.findByExternalId(ChannelType.SMS, "MM10000000000000000000000000000010");
        assertThat(stored.attachments()).isEmpty();
        assertThat(stored.details().get(InboundMessage.META_ATTACHMENTS_REJECTED)).contains("404");
    }

    @Test
    void statusCallbacksMoveTheReplyToDeliveredAndReadAndNeverBack() {
        Message reply = smsAndReply("SM10000000000000000000000000000011", "+966501000111");

        var delivered = twilio.post("/webhooks/twilio/status?channel=SMS", TwilioFake.payload("status-callback.json",
                "MessageSid", reply.externalId(), "MessageStatus", "delivered"));
        assertThat(delivered.statusCode()).isBetween(200, 204);
        assertThat(conversations.message(reply.id()).orElseThrow().status()).isEqualTo(DeliveryStatus.DELIVERED);

        twilio.post("/webhooks/twilio/status?channel=SMS", TwilioFake.payload("status-callback.json",
                "MessageSid", reply.externalId(), "MessageStatus", "read"));
        twilio.post("/webhooks/twilio/status?channel=SMS", TwilioFake.payload("status-callback.json",
                "MessageSid", reply.externalId(), "MessageStatus", "sent"));
        assertThat(conversations.message(reply.id()).orElseThrow().status()).isEqualTo(DeliveryStatus.READ);
    }

    @Test
    void anUndeliveredCallbackFailsTheMessageWithTwiliosCode() {
        Message reply = smsAndReply("SM10000000000000000000000000000012", "+966501000112");

        twilio.post("/webhooks/twilio/status?channel=SMS", TwilioFake.payload("status-callback.json",
                "MessageSid", reply.externalId(), "MessageStatus", "undelivered", "ErrorCode", "30003"));

        Message failed = conversations.message(reply.id()).orElseThrow();
        assertThat(failed.status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(failed.errorCode()).isEqualTo("30003");
        assertThat(failed.error()).contains("Unreachable destination handset");
    }

    @Test
    void anUnknownStatusIs400() {
        var response = twilio.post("/webhooks/twilio/status?channel=SMS", TwilioFake.payload("status-callback.json",
                "MessageStatus", "exploded"));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("MessageStatus");
    }

    @Test
    void aProviderRejectionFailsTheReplyWithTwiliosCodeAndMessage() {
        TwilioFake.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(
                        urlPathEqualTo(TwilioFake.MESSAGES_PATH)).atPriority(1)
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("To=%2B966501000113"))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody(TwilioFake.fixture("error-21211.json"))));
        twilio.post("/webhooks/twilio/messages", TwilioFake.payload("inbound-sms.json",
                "MessageSid", "SM10000000000000000000000000000013", "From", "+966501000113"));
        String conversationId = conversations.findByExternalId(ChannelType.SMS,
                "SM10000000000000000000000000000013").conversationId();

        Message failed = await().until(() -> conversations.messages(conversationId).stream()
                .filter(m -> m.direction().name().equals("OUT") && m.status() == DeliveryStatus.FAILED)
                .findFirst().orElse(null), m -> m != null);
        assertThat(failed.errorCode()).isEqualTo("21211");
        assertThat(failed.error()).contains("not a valid phone number");
        assertThat(failed.attempts()).isEqualTo(1);
    }

    @Test
    void aRateLimitIsRetriedByTheOutboxUntilTwilioTakesTheMessage() {
        TwilioFake.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(
                        urlPathEqualTo(TwilioFake.MESSAGES_PATH)).atPriority(1).inScenario("busy")
                .whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("To=%2B966501000114"))
                .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                        .withBody(TwilioFake.fixture("error-20429.json")))
                .willSetStateTo("calm"));
        twilio.post("/webhooks/twilio/messages", TwilioFake.payload("inbound-sms.json",
                "MessageSid", "SM10000000000000000000000000000014", "From", "+966501000114"));

        Message reply = awaitReply(conversations.findByExternalId(ChannelType.SMS,
                "SM10000000000000000000000000000014").conversationId());
        assertThat(reply.attempts()).isEqualTo(2);
        assertThat(TwilioFake.sentMessages()).filteredOn(f -> "+966501000114".equals(f.get("To"))).hasSize(2);
    }

    /** An inbound SMS, and the hub's reply once Twilio took it. */
    private Message smsAndReply(String messageSid, String from) {
        twilio.post("/webhooks/twilio/messages", TwilioFake.payload("inbound-sms.json", "MessageSid", messageSid,
                "From", from));
        return awaitReply(conversations.findByExternalId(ChannelType.SMS, messageSid).conversationId());
    }

    private Message awaitReply(String conversationId) {
        return await().until(() -> conversations.messages(conversationId).stream()
                .filter(m -> m.direction().name().equals("OUT") && m.status() == DeliveryStatus.SENT)
                .findFirst().orElse(null), m -> m != null);
    }

    private static Map<String, String> sentTo(String to) {
        return TwilioFake.sentMessages().stream().filter(f -> to.equals(f.get("To"))).findFirst()
                .orElseThrow(() -> new AssertionError("Nothing was sent to " + to));
    }
}
