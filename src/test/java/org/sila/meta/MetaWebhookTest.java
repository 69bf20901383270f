package org.sila.meta;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sila.HubTest;
import org.sila.channel.ChannelType;
import org.sila.channel.DeliveryStatus;
import org.sila.channel.InboundMessage;
import org.sila.conversation.Direction;
import org.sila.conversation.Message;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.sila.WebChatClient.JSON;

@HubTest
class MetaWebhookTest extends MetaTestSupport {

    // ---- subscription check ----------------------------------------------------------------------------------

    @Test
    void theChallengeIsAnsweredOnlyWithTheRightVerifyToken() {
        var ok = getWebhook("hub.mode=subscribe&hub.verify_token=" + VERIFY_TOKEN + "&hub.challenge=1158201444");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("1158201444");

        assertThat(getWebhook("hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1").statusCode())
                .isEqualTo(403);
        assertThat(getWebhook("hub.mode=subscribe&hub.challenge=1").statusCode()).isEqualTo(403);
        assertThat(getWebhook("hub.mode=unsubscribe&hub.verify_token=" + VERIFY_TOKEN + "&hub.challenge=1")
                .statusCode()).isEqualTo(403);
    }

    // ---- signatures and bad input --------------------------------------------------------------------------

    static Stream<Arguments> badSignatures() {
        return Stream.of(
                Arguments.of("missing", (SignatureFor) body -> null),
                Arguments.of("signed with another secret", (SignatureFor) body -> sign(body, "not-the-secret")),
                Arguments.of("of another body", (SignatureFor) body -> sign("{}".getBytes(), APP_SECRET)),
                Arguments.of("not hex", (SignatureFor) body -> "sha256=zz-not-hex"),
                Arguments.of("sha1 instead", (SignatureFor) body -> "sha1=" + sign(body, APP_SECRET).substring(7)));
    }

    interface SignatureFor {
        String of(byte[] body);
    }

    @ParameterizedTest(name = "signature {0} → 403")
    @MethodSource("badSignatures")
    void aDeliveryWithoutTheRightSignatureIsRefusedAndStoresNothing(String name, SignatureFor signature) {
        String user = newUser();
        String mid = "m_" + user;
        byte[] body = fixture("messenger-text.json", Map.of("psid", user, "mid", mid, "text", "مرحبا"))
                .getBytes(StandardCharsets.UTF_8);

        var response = postWebhook(body, signature.of(body));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(response.body()).get("error").asString()).isNotBlank();
        assertThat(nothingStoredFor(ChannelType.MESSENGER, user, mid)).isTrue();
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("not JSON", "{\"object\":\"page\",\"entry\":["),
                Arguments.of("not an object", "[1,2]"),
                Arguments.of("no object field", "{\"entry\":[]}"),
                Arguments.of("entry not an array", "{\"object\":\"page\",\"entry\":{}}"),
                Arguments.of("message without mid", "{\"object\":\"page\",\"entry\":[{\"messaging\":[{\"sender\":"
                        + "{\"id\":\"USER\"},\"message\":{\"text\":\"hi\"}}]}]}"),
                Arguments.of("message without sender", "{\"object\":\"page\",\"entry\":[{\"messaging\":["
                        + "{\"message\":{\"mid\":\"MID\",\"text\":\"hi\"}}]}]}"),
                Arguments.of("text not a string", "{\"object\":\"page\",\"entry\":[{\"messaging\":[{\"sender\":"
                        + "{\"id\":\"USER\"},\"message\":{\"mid\":\"MID\",\"text\":5}}]}]}"));
    }

    @ParameterizedTest(name = "{0} → 400")
    @MethodSource("malformed")
    void aMalformedDeliveryGetsAClearErrorAndStoresNothing(String name, String template) {
        String user = newUser();
        String mid = "m_" + user;
        var response = postSigned(template.replace("USER", user).replace("MID", mid));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).get("error").asString()).isNotBlank();
        assertThat(nothingStoredFor(ChannelType.MESSENGER, user, mid)).isTrue();
    }

    @Test
    void aMalformedEventAnywhereInABatchStoresNothingOfIt() {
        String user = newUser();
        String good = fixture("messenger-text.json", Map.of("psid", user, "mid", "m_" + user, "text", "مرحبا"));
        String batch = good.replace("\"messaging\": [", "\"messaging\": [{\"sender\":{\"id\":\"" + user
                + "\"},\"message\":{\"text\":\"no mid\"}},");
        assertThat(postSigned(batch).statusCode()).isEqualTo(400);
        assertThat(nothingStoredFor(ChannelType.MESSENGER, user, "m_" + user)).isTrue();
    }

    @Test
    void anOversizedBodyIsRefused() {
        byte[] body = ("{\"object\":\"page\",\"entry\":[],\"pad\":\"" + "x".repeat(70_000) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        var response = postWebhook(body, sign(body, APP_SECRET));
        assertThat(response.statusCode()).isEqualTo(413);
    }

    // ---- messages ------------------------------------------------------------------------------------------

    @Test
    void aBatchedDeliveryStoresEachMessageOnceEvenWhenDeliveredAgain() {
        String user = newUser();
        String mid = "m_" + user;
        String body = fixture("messenger-batch.json", Map.of("psid", user, "mid", mid));

        var first = postSigned(body);
        var again = postSigned(body);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(again.statusCode()).isEqualTo(200);
        Message text = stored(ChannelType.MESSENGER, mid + ".1");
        Message quickReply = stored(ChannelType.MESSENGER, mid + ".2");
        Message postback = stored(ChannelType.MESSENGER, mid + ".3");
        assertThat(text.text()).isEqualTo("أريد الاستفسار عن طلب المساعدة");
        assertThat(quickReply.quickReplyPayload()).isEqualTo("CONFIRM_YES");
        assertThat(postback.text()).isEqualTo("حالة طلبي");
        assertThat(postback.quickReplyPayload()).isEqualTo("MENU_REQUEST_STATUS");
        assertThat(conversations.messages(text.conversationId()))
                .filteredOn(m -> m.direction() == Direction.IN).hasSize(3);

        // The name comes from the profile API, asked once for the user however many messages came.
        assertThat(conversations.identity(ChannelType.MESSENGER, user).orElseThrow().displayName())
                .isEqualTo("فاطمة الزهراني");
        assertThat(GRAPH.findAll(getRequestedFor(urlPathEqualTo("/v25.0/" + user)))).hasSize(1);
    }

    @Test
    void filesWithinTheLimitAreStoredAndLargerOnesAreNamedNotDownloaded() {
        String user = newUser();
        String mid = "m_" + user;
        deliver("messenger-attachments.json", Map.of("psid", user, "mid", mid));

        Message message = stored(ChannelType.MESSENGER, mid);
        assertThat(message.text()).isEqualTo("صورة الهوية والفيديو");
        assertThat(message.attachments()).singleElement().satisfies(a -> {
            assertThat(a.fileName()).isEqualTo("id-card.jpg");
            assertThat(a.contentType()).isEqualTo("image/jpeg");
            assertThat(a.size()).isEqualTo(1000);
        });
        assertThat(conversations.attachment(message.attachments().get(0).id()).orElseThrow().content())
                .hasSize(1000);
        assertThat(message.details()).containsEntry(InboundMessage.META_ATTACHMENT_LIMIT_BYTES,
                Long.toString(ATTACHMENT_LIMIT));
        assertThat(message.details().get(InboundMessage.META_ATTACHMENTS_REJECTED)).startsWith("video");
        assertThat(message.details().get(MetaInbound.META_LINKS)).contains("https://example.org/news");
    }

    @Test
    void anEditChangesTheStoredText() {
        String user = newUser();
        String mid = "m_" + user;
        deliver("messenger-text.json", Map.of("psid", user, "mid", mid, "text", "رقمي 050123"));
        deliver("messenger-edit.json", Map.of("psid", user, "mid", mid, "text", "رقمي 0501234567"));
        assertThat(stored(ChannelType.MESSENGER, mid).text()).isEqualTo("رقمي 0501234567");
    }

    @Test
    void anEditFromAnotherSenderChangesNothing() {
        String user = newUser();
        String mid = "m_" + user;
        deliver("messenger-text.json", Map.of("psid", user, "mid", mid, "text", "أحتاج مساعدة"));
        deliver("messenger-edit.json", Map.of("psid", newUser(), "mid", mid, "text", "ألغوا طلبي"));
        assertThat(stored(ChannelType.MESSENGER, mid).text()).isEqualTo("أحتاج مساعدة");
        assertThat(stored(ChannelType.MESSENGER, mid).editedAt()).isNull();
    }

    // ---- echoes --------------------------------------------------------------------------------------------

    @Test
    void anEchoOfAMessageSentFromMetasInboxIsRecordedAsOutboundOnceAndTheHubsOwnEchoIsIgnored() {
        String user = newUser();
        String mid = "m_" + user;
        String body = fixture("messenger-echo.json", Map.of("psid", user, "mid", mid,
                "hubMessageId", "0123456789abcdef01234567"));

        assertThat(postSigned(body).statusCode()).isEqualTo(200);
        assertThat(postSigned(body).statusCode()).isEqualTo(200);

        Message fromInbox = stored(ChannelType.MESSENGER, mid + ".inbox");
        assertThat(fromInbox.direction()).isEqualTo(Direction.OUT);
        assertThat(fromInbox.status()).isEqualTo(DeliveryStatus.SENT);
        assertThat(fromInbox.text()).isEqualTo("سنتصل بك غداً إن شاء الله");
        assertThat(fromInbox.author().label()).isEqualTo("staff");
        assertThat(fromInbox.address()).isEqualTo(user);
        assertThat(stored(ChannelType.MESSENGER, mid + ".hub")).isNull();
        // Echoes are not input: nothing inbound, so the bot has nothing to answer.
        assertThat(conversations.messages(fromInbox.conversationId())).singleElement()
                .extracting(Message::id).isEqualTo(fromInbox.id());
    }

    // ---- receipts and the whole loop -----------------------------------------------------------------------

    @Test
    void aMessengerGreetingIsAnsweredThroughTheSendApiAndItsReceiptsMoveTheReplyOn() {
        String user = newUser();
        String mid = "m_" + user;
        deliver("messenger-text.json", Map.of("psid", user, "mid", mid, "text", "السلام عليكم"));

        Message reply = awaitSentReply(ChannelType.MESSENGER, mid);
        assertThat(reply.externalId()).startsWith("m_out_");
        assertThat(reply.text()).contains("السلام");

        deliver("messenger-receipts.json", Map.of("psid", user, "outMid", reply.externalId()));
        Message after = conversations.message(reply.id()).orElseThrow();
        assertThat(after.status()).isEqualTo(DeliveryStatus.READ);
        assertThat(after.deliveredAt()).isNotNull();
        assertThat(after.readAt()).isNotNull();
    }

    @Test
    void anInstagramMessageIsStoredAnsweredAndMarkedReadByItsId() {
        String user = newUser();
        String mid = "ig_" + user;
        deliver("instagram-text.json", Map.of("psid", user, "mid", mid, "text", "مرحبا"));
        Message in = stored(ChannelType.INSTAGRAM, mid);
        assertThat(in.channel()).isEqualTo(ChannelType.INSTAGRAM);
        assertThat(conversations.identity(ChannelType.INSTAGRAM, user).orElseThrow().displayName())
                .isEqualTo("فاطمة");

        Message reply = awaitSentReply(ChannelType.INSTAGRAM, mid);
        deliver("instagram-read.json", Map.of("psid", user, "outMid", reply.externalId()));
        assertThat(conversations.message(reply.id()).orElseThrow().status()).isEqualTo(DeliveryStatus.READ);
    }

    private Message awaitSentReply(ChannelType channel, String inboundMid) {
        String conversationId = stored(channel, inboundMid).conversationId();
        return await().until(() -> conversations.messages(conversationId).stream()
                        .filter(m -> m.direction() == Direction.OUT && m.status() == DeliveryStatus.SENT).toList(),
                list -> !list.isEmpty()).get(0);
    }

}
