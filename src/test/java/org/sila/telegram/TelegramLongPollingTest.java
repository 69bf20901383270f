package org.sila.telegram;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sila.HubTest;
import org.sila.channel.Asking;
import org.sila.channel.ChannelType;
import org.sila.channel.CursorStore;
import org.sila.channel.DeliveryStatus;
import org.sila.channel.InboundGateway;
import org.sila.channel.InboundMessage;
import org.sila.channel.QuickReply;
import org.sila.channel.Sender;
import org.sila.conversation.Author;
import org.sila.conversation.ConversationService;
import org.sila.conversation.Direction;
import org.sila.conversation.Identity;
import org.sila.conversation.Message;
import org.sila.conversation.Reply;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.sila.telegram.FakeBotApi.called;
import static org.sila.telegram.FakeBotApi.method;
import static org.sila.telegram.FakeBotApi.sentTo;

/** The Telegram adapter in long-polling mode, the real TelegramBots client talking to a WireMock Bot API. */
@HubTest
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS) // stops the poller with the class
class TelegramLongPollingTest {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort())
            .resetOnEachTest(false).build();

    static FakeBotApi telegram;
    private static final AtomicLong CHATS = new AtomicLong(500_000);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    ConversationService conversations;
    @Autowired
    InboundGateway inbound;
    @Autowired
    CursorStore cursors;

    @DynamicPropertySource
    static void telegram(DynamicPropertyRegistry registry) {
        registry.add("sila.telegram.token", () -> FakeBotApi.TOKEN);
        registry.add("sila.telegram.api-url", wm::baseUrl);
        registry.add("sila.telegram.max-file-bytes", () -> "1000");
        registry.add("sila.telegram.poll-timeout", () -> "1s");
    }

    @BeforeAll
    static void botApi() {
        telegram = new FakeBotApi(wm.getRuntimeInfo().getWireMock()).withDefaults();
    }

    @Test
    void aTextUpdateIsStoredThenConfirmedAndAnsweredWithSendMessage() {
        long chat = CHATS.incrementAndGet();
        int updateId = telegram.deliver("message-text.json", chat);

        Message in = awaitStored(chat + ":11");
        assertThat(in.text()).isEqualTo("السلام عليكم");
        assertThat(in.address()).isEqualTo(Long.toString(chat));
        assertThat(in.details()).containsEntry(TelegramUpdateHandler.META_USERNAME, "fatima_z");
        assertThat(conversations.beneficiary(in.beneficiaryId()).orElseThrow().name()).isEqualTo("فاطمة الزهراني");

        // The offset moves past the update only once it is stored: that is what confirms it to Telegram.
        await().untilAsserted(() -> assertThat(cursors.get("telegram:123456:offset")).contains(
                Integer.toString(updateId + 1)));
        await().untilAsserted(() -> assertThat(telegram.find(called("getupdates")
                .withRequestBody(matchingJsonPath("$[?(@.offset == " + (updateId + 1) + ")]")))).isNotEmpty());

        List<LoggedRequest> replies = await().until(() -> telegram.find(sentTo(chat)), r -> !r.isEmpty());
        assertThat(json(replies.get(0)).get("text").asString()).contains("السلام");
        Message reply = await().until(() -> outbound(in.conversationId()),
                m -> m != null && m.status() == DeliveryStatus.SENT);
        assertThat(reply.externalId()).startsWith(chat + ":");
    }

    @Test
    void startKeepsTheDeepLinkPayload() {
        long chat = CHATS.incrementAndGet();
        telegram.deliver("message-start.json", chat);
        Message in = awaitStored(chat + ":12");
        assertThat(in.text()).isEqualTo("/start REQ-1447-0012");
        assertThat(in.details()).containsEntry(TelegramUpdateHandler.META_COMMAND, "start")
                .containsEntry(TelegramUpdateHandler.META_START_PAYLOAD, "REQ-1447-0012");
    }

    @Test
    void sharingOnesOwnContactJoinsTheBeneficiaryOfThatPhoneOnOtherChannels() {
        inbound.receive(new InboundMessage(ChannelType.SMS, "SM-tg-contact-1",
                new Sender("+966501234567", null, "+966501234567", "ar"), "السلام عليكم", List.of(), null, null,
                List.of(), null));
        String smsBeneficiary = conversations.beneficiaryByPhone("+966501234567").orElseThrow().id();
        long chat = CHATS.incrementAndGet();
        telegram.deliver("message-contact-own.json", chat);

        Message in = awaitStored(chat + ":13");
        assertThat(in.details()).containsEntry(TelegramUpdateHandler.META_CONTACT_IS_OWN, "true");
        Identity telegramIdentity = conversations.identity(ChannelType.TELEGRAM, Long.toString(chat)).orElseThrow();
        assertThat(telegramIdentity.beneficiaryId()).isEqualTo(smsBeneficiary);
        assertThat(conversations.identities(smsBeneficiary)).extracting(Identity::channel)
                .contains(ChannelType.SMS, ChannelType.TELEGRAM);
    }

    @Test
    void someoneElsesContactLinksNothing() {
        long chat = CHATS.incrementAndGet();
        telegram.deliver("message-contact-other.json", chat);
        Message in = awaitStored(chat + ":14");
        assertThat(in.details()).containsEntry(TelegramUpdateHandler.META_CONTACT_IS_OWN, "false")
                .containsEntry(TelegramUpdateHandler.META_CONTACT_PHONE, "+966507654321");
        assertThat(conversations.beneficiary(in.beneficiaryId()).orElseThrow().phone()).isNull();
        assertThat(conversations.beneficiaryByPhone("+966507654321")).isEmpty();
    }

    @Test
    void aFileOverTheLimitIsNotDownloadedAndTheRefusalIsKeptForTheRulesLayer() {
        long chat = CHATS.incrementAndGet();
        telegram.deliver("message-document-large.json", chat);
        Message in = awaitStored(chat + ":15");
        assertThat(in.text()).isEqualTo("صك الإعالة");
        assertThat(in.attachments()).isEmpty();
        assertThat(in.details())
                .containsEntry(InboundMessage.META_ATTACHMENTS_REJECTED, "deed-scan.pdf (5.0 MB)")
                .containsEntry(InboundMessage.META_ATTACHMENT_LIMIT_BYTES, "1000");
        assertThat(telegram.find(called("getfile").withRequestBody(
                matchingJsonPath("$.file_id", com.github.tomakehurst.wiremock.client.WireMock.equalTo(
                        "DOC-LARGE-1"))))).isEmpty();
    }

    @Test
    void aPhotoWithinTheLimitIsDownloadedIntoTheStore() {
        byte[] jpeg = "not really a jpeg, but bytes all the same".getBytes(StandardCharsets.UTF_8);
        telegram.register(method("getfile").willReturn(okJson("{\"ok\":true,\"result\":{\"file_id\":\"PHOTO-LARGE\","
                + "\"file_unique_id\":\"AQADl\",\"file_size\":" + jpeg.length + ",\"file_path\":\"photos/file_7.jpg\"}}")));
        wm.stubFor(get(urlPathMatching("/file/bot[^/]+/photos/file_7.jpg"))
                .willReturn(aResponse().withStatus(200).withBody(jpeg)));
        long chat = CHATS.incrementAndGet();
        telegram.deliver("message-photo.json", chat);

        Message in = awaitStored(chat + ":16");
        assertThat(in.text()).isEqualTo("فاتورة الكهرباء");
        assertThat(in.attachments()).hasSize(1);
        assertThat(conversations.attachment(in.attachments().get(0).id()).orElseThrow().content()).isEqualTo(jpeg);
        assertThat(in.details()).doesNotContainKey(InboundMessage.META_ATTACHMENTS_REJECTED);
    }

    @Test
    void anEditedMessageUpdatesTheStoredText() {
        long chat = CHATS.incrementAndGet();
        telegram.deliver("message-text.json", chat);
        awaitStored(chat + ":11");
        telegram.deliver("edited-message.json", chat);
        await().untilAsserted(() -> assertThat(conversations.findByExternalId(ChannelType.TELEGRAM, chat + ":11")
                .text()).isEqualTo("السلام عليكم ورحمة الله"));
    }

    @Test
    void quickRepliesBecomeButtonsAndAPressComesBackAsTheirPayload() {
        long chat = CHATS.incrementAndGet();
        telegram.deliver("message-text.json", chat);
        Message in = awaitStored(chat + ":11");
        String longPayload = "survey:satisfaction:2026:" + "ممتازة".repeat(8); // over Telegram's 64 bytes
        Message menu = conversations.reply(in.conversationId(), Reply.fromBot("كيف تقيّم خدمتنا؟", "survey", 1.0,
                List.of(new QuickReply("ممتازة", longPayload), new QuickReply("سيئة", "survey:1"))));

        await().until(() -> conversations.message(menu.id()).orElseThrow().status() == DeliveryStatus.SENT);
        JsonNode sent = telegram.find(sentTo(chat)).stream().map(TelegramLongPollingTest::json)
                .filter(b -> b.get("text").asString().equals("كيف تقيّم خدمتنا؟")).findFirst().orElseThrow();
        JsonNode keyboard = sent.get("reply_markup").get("inline_keyboard");
        assertThat(keyboard.get(0).get(0).get("text").asString()).isEqualTo("ممتازة");
        String data = keyboard.get(0).get(0).get("callback_data").asString();
        assertThat(data.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(64);
        assertThat(keyboard.get(1).get(0).get("callback_data").asString()).isEqualTo("survey:1");

        telegram.deliver("callback-query.json", chat, data);
        Message pressed = awaitStored("callback:4382bfdwdsb323b2d9");
        assertThat(pressed.quickReplyPayload()).isEqualTo(longPayload);
        assertThat(pressed.text()).isEqualTo("ممتازة");
        await().untilAsserted(() -> assertThat(telegram.find(called("answercallbackquery")
                .withRequestBody(matchingJsonPath("$.callback_query_id",
                        com.github.tomakehurst.wiremock.client.WireMock.equalTo("4382bfdwdsb323b2d9")))))
                .hasSize(1));
    }

    @Test
    void aQuestionForThePhoneOffersTheShareMyNumberButtonAndASharedContactAnswersWithTheNumber() {
        long chat = CHATS.incrementAndGet();
        telegram.deliver("message-text.json", chat);
        Message in = awaitStored(chat + ":11");
        Message ask = conversations.reply(in.conversationId(), new Reply("ما رقم جوالك؟", List.of(), Author.BOT,
                "volunteer", 1.0, false, Map.of(Asking.KEY, Asking.PHONE, Asking.LABEL, "📱 مشاركة رقم جوالي")));

        await().until(() -> conversations.message(ask.id()).orElseThrow().status() == DeliveryStatus.SENT);
        JsonNode sent = telegram.find(sentTo(chat)).stream().map(TelegramLongPollingTest::json)
                .filter(b -> b.get("text").asString().equals("ما رقم جوالك؟")).findFirst().orElseThrow();
        JsonNode button = sent.get("reply_markup").get("keyboard").get(0).get(0);
        assertThat(button.get("text").asString()).isEqualTo("📱 مشاركة رقم جوالي");
        assertThat(button.get("request_contact").asBoolean()).isTrue();
        assertThat(sent.get("reply_markup").get("one_time_keyboard").asBoolean()).isTrue();

        telegram.deliver("message-contact-own.json", chat);
        assertThat(awaitStored(chat + ":13").text()).isEqualTo("966501234567");
    }

    @Test
    void groupMessagesAndChannelPostsAreNotStoredNorAnswered() {
        long chat = CHATS.incrementAndGet();
        telegram.deliver("group-message.json", chat);
        telegram.deliver("channel-post.json", chat);
        telegram.deliver("message-start.json", chat);
        awaitStored(chat + ":12"); // delivered after both: they were passed over, and confirmed
        assertThat(conversations.findByExternalId(ChannelType.TELEGRAM, "-100200300:17")).isNull();
        assertThat(conversations.findByExternalId(ChannelType.TELEGRAM, "-100900800:18")).isNull();
        assertThat(telegram.find(sentTo(-100200300L))).isEmpty();
    }

    @Test
    void a429IsWaitedOutAndTheMessageSent() {
        long chat = CHATS.incrementAndGet();
        telegram.register(method("sendmessage").atPriority(1).inScenario("429-" + chat)
                .whenScenarioStateIs(Scenario.STARTED)
                .withRequestBody(matchingJsonPath("$.chat_id", com.github.tomakehurst.wiremock.client.WireMock
                        .equalTo(Long.toString(chat))))
                .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                        .withBody("{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after 1\","
                                + "\"parameters\":{\"retry_after\":1}}"))
                .willSetStateTo("slowed"));
        telegram.deliver("message-text.json", chat);
        Message in = awaitStored(chat + ":11");

        Message reply = await().until(() -> outbound(in.conversationId()),
                m -> m != null && m.status() == DeliveryStatus.SENT);
        assertThat(reply.errorCode()).isNull();
        assertThat(telegram.find(sentTo(chat))).hasSize(2);
    }

    @Test
    void aBotBlockedByTheUserMarksTheIdentityUnreachableAndFailsTheMessage() {
        long chat = CHATS.incrementAndGet();
        telegram.register(method("sendmessage").atPriority(1)
                .withRequestBody(matchingJsonPath("$.chat_id", com.github.tomakehurst.wiremock.client.WireMock
                        .equalTo(Long.toString(chat))))
                .willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json")
                        .withBody("{\"ok\":false,\"error_code\":403,\"description\":\"Forbidden: bot was blocked by "
                                + "the user\"}")));
        telegram.deliver("message-text.json", chat);
        Message in = awaitStored(chat + ":11");

        Message reply = await().until(() -> outbound(in.conversationId()),
                m -> m != null && m.status() == DeliveryStatus.FAILED);
        assertThat(reply.errorCode()).isEqualTo("TELEGRAM_403");
        assertThat(reply.error()).contains("bot was blocked by the user");
        Identity identity = conversations.identity(ChannelType.TELEGRAM, Long.toString(chat)).orElseThrow();
        assertThat(identity.unreachable()).isTrue();
        assertThat(identity.unreachableReason()).contains("blocked");
        assertThat(telegram.find(sentTo(chat))).hasSize(1);
    }

    @Test
    void aLongReplyIsSentInPartsCutBetweenWords() {
        long chat = CHATS.incrementAndGet();
        telegram.deliver("message-start.json", chat);
        Message in = awaitStored(chat + ":12");
        await().until(() -> outbound(in.conversationId()), m -> m != null && m.status() == DeliveryStatus.SENT);
        String text = "نموذج طلب المساعدة ".repeat(300).strip(); // 5,699 characters
        Message reply = conversations.reply(in.conversationId(), Reply.fromBot(text, "guide", 1.0, List.of()));

        await().until(() -> conversations.message(reply.id()).orElseThrow().status() == DeliveryStatus.SENT);
        List<String> parts = telegram.find(sentTo(chat)).stream().map(r -> json(r).get("text").asString())
                .filter(text::contains).toList();
        assertThat(parts).hasSize(2);
        assertThat(parts).allSatisfy(p -> assertThat(p.length()).isLessThanOrEqualTo(4096));
        assertThat(text.charAt(parts.get(0).length())).isEqualTo(' '); // cut between words
        assertThat(String.join(" ", parts)).isEqualTo(text);
        assertThat(conversations.message(reply.id()).orElseThrow().details()).containsEntry("parts", "2");
    }

    private Message awaitStored(String externalId) {
        return await().until(() -> conversations.findByExternalId(ChannelType.TELEGRAM, externalId),
                m -> m != null);
    }

    /** The conversation's latest outbound message. */
    private Message outbound(String conversationId) {
        List<Message> out = conversations.messages(conversationId).stream()
                .filter(m -> m.direction() == Direction.OUT).toList();
        return out.isEmpty() ? null : out.get(out.size() - 1);
    }

    private static JsonNode json(LoggedRequest request) {
        return JSON.readTree(request.getBodyAsString());
    }
}
