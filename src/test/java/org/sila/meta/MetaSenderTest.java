package org.sila.meta;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sila.HubTest;
import org.sila.channel.Attachment;
import org.sila.channel.ChannelSendException;
import org.sila.channel.InboundGateway;
import org.sila.channel.ChannelType;
import org.sila.channel.DeliveryStatus;
import org.sila.channel.OutboundMessage;
import org.sila.channel.QuickReply;
import org.sila.channel.SendResult;
import org.sila.conversation.Author;
import org.sila.conversation.Conversation;
import org.sila.conversation.Message;
import org.sila.conversation.Reply;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.query.Update;
import tools.jackson.databind.JsonNode;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;
import static org.sila.WebChatClient.JSON;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

@HubTest
class MetaSenderTest extends MetaTestSupport {

    @Autowired
    MetaSender sender;
    @Autowired
    InboundGateway inbound;

    // ---- what the Send API gets ----------------------------------------------------------------------------

    @Test
    void aReplyInsideTheWindowGoesAsAResponseWithQuickReplies() {
        String user = newUser();
        SendResult result = sender.send(message(ChannelType.MESSENGER, user, "هل تريد متابعة طلبك؟",
                List.of(new QuickReply("نعم", "YES"), new QuickReply("لا", "NO")), ago(Duration.ofHours(2)),
                false, "bot"));

        assertThat(result.status()).isEqualTo(DeliveryStatus.SENT);
        assertThat(result.externalId()).startsWith("m_out_");
        LoggedRequest request = onlyRequestTo(user);
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + PAGE_TOKEN);
        assertThat(request.queryParameter("appsecret_proof").firstValue()).matches("[0-9a-f]{64}");
        JsonNode body = JSON.readTree(request.getBodyAsString());
        assertThat(body.at("/messaging_type").asString()).isEqualTo("RESPONSE");
        assertThat(body.has("tag")).isFalse();
        assertThat(body.at("/message/text").asString()).isEqualTo("هل تريد متابعة طلبك؟");
        assertThat(body.at("/message/metadata").asString()).startsWith(MetaSender.ECHO_MARKER);
        assertThat(body.at("/message/quick_replies/0/content_type").asString()).isEqualTo("text");
        assertThat(body.at("/message/quick_replies/0/title").asString()).isEqualTo("نعم");
        assertThat(body.at("/message/quick_replies/1/payload").asString()).isEqualTo("NO");
    }

    @Test
    void choicesTooLongForButtonsBecomeNumberedLinesWithNumberedButtons() {
        String user = newUser();
        sender.send(message(ChannelType.MESSENGER, user, "اختر نوع الطلب:",
                List.of(new QuickReply("مساعدة في سداد الإيجار الشهري", "RENT"), new QuickReply("سلة غذائية", "FOOD")),
                ago(Duration.ofMinutes(5)), false, "bot"));

        JsonNode body = JSON.readTree(onlyRequestTo(user).getBodyAsString());
        assertThat(body.at("/message/text").asString())
                .isEqualTo("اختر نوع الطلب:\n\n1. مساعدة في سداد الإيجار الشهري\n2. سلة غذائية");
        assertThat(body.at("/message/quick_replies/0/title").asString()).isEqualTo("1");
        assertThat(body.at("/message/quick_replies/0/payload").asString()).isEqualTo("RENT");
    }

    @Test
    void aLongInstagramTextGoesInPartsWithinMetasLimit() {
        String user = newUser();
        String text = ("كلمة ".repeat(100) + "\n").repeat(2).strip(); // ~1,800 bytes of Arabic
        SendResult result = sender.send(message(ChannelType.INSTAGRAM, user, text, List.of(),
                ago(Duration.ofMinutes(1)), false, "bot"));

        List<LoggedRequest> requests = requestsTo(user);
        assertThat(requests).hasSize(2);
        requests.forEach(r -> assertThat(JSON.readTree(r.getBodyAsString()).at("/message/text").asString()
                .getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(1000));
        assertThat(result.details()).containsEntry("parts", "2");
    }

    // ---- the 24-hour window --------------------------------------------------------------------------------

    @Test
    void aReplyOutsideTheWindowIsNotSentAndSaysWhy() {
        String user = newUser();
        var late = catchThrowableOfType(ChannelSendException.class, () -> sender.send(message(
                ChannelType.MESSENGER, user, "رد متأخر", List.of(), ago(Duration.ofHours(25)), false, "bot")));
        var never = catchThrowableOfType(ChannelSendException.class, () -> sender.send(message(
                ChannelType.MESSENGER, user, "رد", List.of(), null, false, "bot")));

        for (ChannelSendException e : List.of(late, never)) {
            assertThat(e.code()).isEqualTo(MetaSender.OUTSIDE_WINDOW);
            assertThat(e.isRetryable()).isFalse();
            assertThat(e.getMessage()).contains("24 hours").contains("another channel").contains("قناة أخرى");
        }
        assertThat(requestsTo(user)).isEmpty();
    }

    @Test
    void aNotificationOutsideTheWindowCarriesTheConfiguredTagOnMessengerButIsRefusedOnInstagram() {
        String user = newUser();
        sender.send(message(ChannelType.MESSENGER, user, "تمت الموافقة على طلبك", List.of(),
                ago(Duration.ofDays(3)), true, "system"));
        JsonNode body = JSON.readTree(onlyRequestTo(user).getBodyAsString());
        assertThat(body.at("/messaging_type").asString()).isEqualTo("MESSAGE_TAG");
        assertThat(body.at("/tag").asString()).isEqualTo("CONFIRMED_EVENT_UPDATE");

        String igUser = newUser();
        var refused = catchThrowableOfType(ChannelSendException.class, () -> sender.send(message(
                ChannelType.INSTAGRAM, igUser, "تمت الموافقة على طلبك", List.of(), ago(Duration.ofDays(3)),
                true, "system")));
        assertThat(refused.code()).isEqualTo(MetaSender.OUTSIDE_WINDOW);
        assertThat(requestsTo(igUser)).isEmpty();
    }

    @Test
    void staffMayAnswerForSevenDaysWithTheHumanAgentTag() {
        String user = newUser();
        sender.send(message(ChannelType.INSTAGRAM, user, "نعتذر عن التأخر", List.of(), ago(Duration.ofHours(30)),
                false, "staff"));
        JsonNode body = JSON.readTree(onlyRequestTo(user).getBodyAsString());
        assertThat(body.at("/tag").asString()).isEqualTo("HUMAN_AGENT");

        var tooLate = catchThrowableOfType(ChannelSendException.class, () -> sender.send(message(
                ChannelType.INSTAGRAM, newUser(), "نعتذر", List.of(), ago(Duration.ofDays(8)), false, "staff")));
        assertThat(tooLate.code()).isEqualTo(MetaSender.OUTSIDE_WINDOW);
    }

    @Test
    void aNotificationOutsideTheWindowFailsInTheStoreWithTheReasonForStaff() {
        String user = newUser();
        String mid = "ig_" + user;
        deliver("instagram-text.json", Map.of("psid", user, "mid", mid, "text", "شكراً"));
        Message in = stored(ChannelType.INSTAGRAM, mid);
        // handled: the conversation has moved for it, so the back-dating below is what stays
        await().until(() -> conversations.message(in.id()).orElseThrow().handledAt() != null);
        Conversation conversation = conversations.conversation(in.conversationId()).orElseThrow();
        mongo.updateFirst(query(where("_id").is(conversation.id())),
                new Update().set("lastInboundAt", Instant.now().minus(Duration.ofDays(2))), Conversation.class);

        Message queued = conversations.reply(conversation.id(), new Reply("تمت الموافقة على طلبك", List.of(),
                Author.SYSTEM, null, null, true, Map.of()));

        Message failed = await().until(() -> conversations.message(queued.id()).orElseThrow(),
                m -> m.status() == DeliveryStatus.FAILED);
        assertThat(failed.errorCode()).isEqualTo(MetaSender.OUTSIDE_WINDOW);
        assertThat(failed.error()).contains("INSTAGRAM").contains("24 hours");
    }

    // ---- Meta's errors -------------------------------------------------------------------------------------

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of(429, "{\"error\":{\"message\":\"Too many calls\",\"code\":4}}", "retryable", "META_4"),
                Arguments.of(400, "{\"error\":{\"message\":\"(#613) Calls exceeded\",\"code\":613}}", "retryable",
                        "META_613"),
                Arguments.of(500, "{\"error\":{\"message\":\"An unknown error occurred\",\"code\":1}}", "retryable",
                        "META_1"),
                Arguments.of(503, "<html>Service Unavailable</html>", "retryable", "META_HTTP_503"),
                Arguments.of(400, "{\"error\":{\"message\":\"(#100) Invalid parameter\",\"type\":\"OAuthException\","
                        + "\"code\":100}}", "permanent", "META_100"),
                Arguments.of(400, "{\"error\":{\"message\":\"(#551) This person isn't available right now.\","
                        + "\"code\":551,\"error_subcode\":1545041}}", "unreachable", "META_551/1545041"),
                Arguments.of(400, "{\"error\":{\"message\":\"(#10) This message is sent outside of allowed window.\","
                        + "\"code\":10,\"error_subcode\":2018278}}", "permanent", MetaSender.OUTSIDE_WINDOW));
    }

    @ParameterizedTest(name = "HTTP {0} {3} → {2}")
    @MethodSource("errors")
    void metasErrorsAreRetriedOrFailedWithItsCodeAndMessage(int status, String body, String kind, String code) {
        String user = newUser();
        GRAPH.stubFor(post(urlPathEqualTo(SEND_PATH)).atPriority(1)
                .withRequestBody(matchingJsonPath("$.recipient.id", equalTo(user)))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                        .withBody(body)));

        var e = catchThrowableOfType(ChannelSendException.class, () -> sender.send(message(ChannelType.MESSENGER,
                user, "مرحبا", List.of(), ago(Duration.ofMinutes(1)), false, "bot")));

        assertThat(e.code()).isEqualTo(code);
        assertThat(e.isRetryable()).isEqualTo(kind.equals("retryable"));
        assertThat(e.isRecipientUnreachable()).isEqualTo(kind.equals("unreachable"));
        assertThat(e.getMessage()).isNotBlank();
        if (body.contains("\"message\"")) {
            assertThat(e.getMessage()).contains(JSON.readTree(body).at("/error/message").asString());
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    // ---- files ---------------------------------------------------------------------------------------------

    @Test
    void aFileGoesAfterTheTextAsAnAttachmentMetaFetchesFromASignedLinkWithTheButtonsUnderIt() throws Exception {
        String user = newUser();
        byte[] letter = "%PDF-1.4 letter".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        // a stored reply (its own beneficiary; the outbox sends it too), whose file the link below serves
        Message stored = storedReplyWithFile(newUser(), letter);
        SendResult result = sender.send(new OutboundMessage(stored.id(), ChannelType.MESSENGER, user, "مرفق الخطاب",
                List.of(new QuickReply("شكراً", "THANKS")), List.of(new Attachment("letter.pdf", "application/pdf",
                letter)), List.of(), ago(Duration.ofHours(1)), false, 1, Map.of(),
                new OutboundMessage.Origin("staff", null, null)));

        List<LoggedRequest> requests = requestsTo(user);
        assertThat(requests).hasSize(2);
        JsonNode text = JSON.readTree(requests.get(0).getBodyAsString());
        JsonNode file = JSON.readTree(requests.get(1).getBodyAsString());
        assertThat(text.at("/message/text").asString()).isEqualTo("مرفق الخطاب");
        assertThat(text.at("/message/quick_replies").isMissingNode()).isTrue();
        assertThat(file.at("/message/text").isMissingNode()).isTrue();
        assertThat(file.at("/message/attachment/type").asString()).isEqualTo("file");
        assertThat(file.at("/message/attachment/payload/is_reusable").asBoolean()).isFalse();
        assertThat(file.at("/message/quick_replies/0/payload").asString()).isEqualTo("THANKS");
        assertThat(file.at("/messaging_type").asString()).isEqualTo("RESPONSE");
        String url = file.at("/message/attachment/payload/url").asString();
        assertThat(url).startsWith(HUB_URL + "/files/" + stored.id() + "/0/letter.pdf?expires=");
        assertThat(result.externalId()).isNotBlank();

        var fetched = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                url.replace(HUB_URL, "http://localhost:" + port))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(fetched.statusCode()).isEqualTo(200);
        assertThat(fetched.body()).isEqualTo(letter);
    }

    @Test
    void aFileInstagramDoesNotTakeFailsWithTheReasonBeforeAnythingIsSent() {
        String user = newUser();
        for (Attachment file : List.of(new Attachment("form.docx",
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document", new byte[] {1}),
                new Attachment("scan.jpg", "image/jpeg", new byte[(int) MetaFiles.INSTAGRAM_MAX_IMAGE_BYTES + 1]))) {
            ChannelSendException refused = catchThrowableOfType(ChannelSendException.class, () -> sender.send(
                    withFile(ChannelType.INSTAGRAM, user, file)));
            assertThat(refused.isRetryable()).isFalse();
            assertThat(refused.code()).isEqualTo("INSTAGRAM_FILE_REFUSED");
            assertThat(refused.getMessage()).contains(file.fileName());
        }
        assertThat(requestsTo(user)).isEmpty();
    }

    @Test
    void metasRefusalOfTheAttachmentFailsTheMessageWithMetasReason() {
        String user = newUser();
        GRAPH.stubFor(post(urlPathEqualTo(SEND_PATH)).atPriority(1)
                .withRequestBody(matchingJsonPath("$.recipient.id", equalTo(user)))
                .withRequestBody(matchingJsonPath("$.message.attachment"))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"message\":\"(#100) Upload attachment failure.\","
                                + "\"type\":\"OAuthException\",\"code\":100,\"error_subcode\":2018047}}")));
        ChannelSendException refused = catchThrowableOfType(ChannelSendException.class, () -> sender.send(
                withFile(ChannelType.MESSENGER, user, new Attachment("a.pdf", "application/pdf", new byte[] {1}))));
        assertThat(refused.isRetryable()).isFalse();
        assertThat(refused.code()).isEqualTo("META_100/2018047");
        assertThat(refused.getMessage()).contains("Upload attachment failure");
    }

    /** A stored staff reply with one file, so that the hub's link to it serves it. */
    private Message storedReplyWithFile(String user, byte[] content) {
        var receipt = inbound.receive(new org.sila.channel.InboundMessage(ChannelType.MESSENGER, "mid." + user,
                new org.sila.channel.Sender(user, null, null, "ar"), "السلام عليكم", null, null, null, null, null));
        String conversationId = conversations.message(receipt.messageId()).orElseThrow().conversationId();
        return conversations.reply(conversationId, Reply.fromStaff("sara", "مرفق الخطاب"),
                List.of(new Attachment("letter.pdf", "application/pdf", content)));
    }

    private static OutboundMessage withFile(ChannelType channel, String recipient, Attachment file) {
        return new OutboundMessage(UUID.randomUUID().toString(), channel, recipient, "", List.of(), List.of(file),
                List.of(), ago(Duration.ofHours(1)), false, 1, Map.of(), new OutboundMessage.Origin("staff", null, null));
    }

    private static OutboundMessage message(ChannelType channel, String recipient, String text,
                                           List<QuickReply> quickReplies, Instant lastInboundAt,
                                           boolean notification, String author) {
        return new OutboundMessage(UUID.randomUUID().toString(), channel, recipient, text, quickReplies, List.of(),
                List.of(), lastInboundAt, notification, 1, Map.of(), new OutboundMessage.Origin(author, null, null));
    }

    private static Instant ago(Duration duration) {
        return Instant.now().minus(duration);
    }

    private static List<LoggedRequest> requestsTo(String user) {
        return GRAPH.findAll(postRequestedFor(urlPathEqualTo(SEND_PATH))
                .withRequestBody(matchingJsonPath("$.recipient.id", equalTo(user))));
    }

    private static LoggedRequest onlyRequestTo(String user) {
        List<LoggedRequest> requests = requestsTo(user);
        assertThat(requests).hasSize(1);
        return requests.get(0);
    }
}
