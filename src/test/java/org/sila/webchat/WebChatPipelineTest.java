package org.sila.webchat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sila.HubTest;
import org.sila.WebChatClient;
import org.sila.channel.DeliveryStatus;
import org.sila.conversation.Conversation;
import org.sila.conversation.ConversationService;
import org.sila.conversation.ConversationStatus;
import org.sila.conversation.Message;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.sila.WebChatClient.JSON;

@HubTest
class WebChatPipelineTest {

    @LocalServerPort
    int port;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    ConversationService conversations;

    @Test
    void aGreetingIsStoredOnceAndAnsweredOnTheSameChannel() {
        var chat = new WebChatClient(port);
        var response = chat.post("السلام عليكم");
        assertThat(response.statusCode()).isEqualTo(202);
        String messageId = JSON.readTree(response.body()).get("messageId").asString();

        List<JsonNode> messages = awaitMessages(chat, 2);
        assertThat(messages.get(0).get("id").asString()).isEqualTo(messageId);
        assertThat(messages.get(0).get("direction").asString()).isEqualTo("IN");
        assertThat(messages.get(0).get("text").asString()).isEqualTo("السلام عليكم");
        assertThat(messages.get(0).get("author").asString()).isEqualTo("beneficiary");
        JsonNode reply = messages.get(1);
        assertThat(reply.get("direction").asString()).isEqualTo("OUT");
        assertThat(reply.get("author").asString()).isEqualTo("bot");
        assertThat(reply.get("intent").asString()).isEqualTo("greeting");
        assertThat(reply.get("text").asString()).contains("السلام");
        assertThat(reply.get("createdAt").asString()).isNotBlank();

        await().untilAsserted(() -> assertThat(conversations.message(reply.get("id").asString()).orElseThrow()
                .status()).isIn(DeliveryStatus.SENT, DeliveryStatus.DELIVERED));
        assertThat(conversations.message(messageId).orElseThrow().handledAt()).isNotNull();
    }

    @Test
    void threeMessagesTheBotCannotUnderstandGoToStaffAndTheBotFallsSilent() {
        // The rules layer asks again twice (with a menu); the third miss in a row hands over to staff.
        var chat = new WebChatClient(port);
        String first = JSON.readTree(chat.post("ثلاجة برتقالية طائرة").body()).get("messageId").asString();
        assertThat(awaitMessages(chat, 2).get(1).get("intent").asString()).isEqualTo("not-understood");
        chat.post("كمبيوتر اخضر سريع");
        awaitMessages(chat, 4);
        chat.post("قطة زرقاء");
        List<JsonNode> messages = awaitMessages(chat, 6);
        assertThat(messages.get(5).get("intent").asString()).isEqualTo("handoff");
        Conversation conversation = conversations.conversation(
                conversations.message(first).orElseThrow().conversationId()).orElseThrow();
        assertThat(conversation.status()).isEqualTo(ConversationStatus.WAITING);

        String next = JSON.readTree(chat.post("هل من جديد؟").body()).get("messageId").asString();
        await().until(() -> conversations.message(next).orElseThrow().handledAt() != null);
        assertThat(chat.messages()).hasSize(7);
    }

    @Test
    void theSameMessageDeliveredTwiceIsStoredOnceAndAnsweredOnce() {
        var chat = new WebChatClient(port);
        String body = JSON.writeValueAsString(Map.of("text", "مرحبا", "clientMessageId", "c-1"));
        var first = chat.postJson(body);
        var again = chat.postJson(body);
        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(again.body()).get("messageId").asString())
                .isEqualTo(JSON.readTree(first.body()).get("messageId").asString());

        String messageId = JSON.readTree(first.body()).get("messageId").asString();
        await().until(() -> conversations.message(messageId).orElseThrow().handledAt() != null);
        List<Message> stored = conversations.messages(conversations.message(messageId).orElseThrow().conversationId());
        assertThat(stored).extracting(Message::direction).extracting(Enum::name).containsExactly("IN", "OUT");
    }

    @Test
    void theStreamCarriesTheBeneficiarysMessageAndTheReply() throws Exception {
        var chat = new WebChatClient(port);
        List<String> lines = new CopyOnWriteArrayList<>();
        // The response headers arrive once the stream is registered, so nothing posted after this is missed.
        HttpResponse<Stream<String>> stream = chat.http().sendAsync(HttpRequest.newBuilder(chat.streamUri())
                        .header("Authorization", "Bearer " + chat.token).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofLines()).get(10, TimeUnit.SECONDS);
        assertThat(stream.statusCode()).isEqualTo(200);
        Thread reader = new Thread(() -> stream.body().forEach(lines::add));
        reader.setDaemon(true);
        reader.start();

        chat.post("Hello");
        await().atMost(Duration.ofSeconds(10)).until(() -> lines.stream().anyMatch(l -> l.contains("\"greeting\"")));
        assertThat(lines).anyMatch(l -> l.startsWith("data:") && l.contains("\"IN\"") && l.contains("Hello"));
        String replyId = chat.messages().get(1).get("id").asString();
        await().until(() -> conversations.message(replyId).orElseThrow().status() == DeliveryStatus.DELIVERED);
        reader.interrupt();
    }

    @Test
    void textIsStoredAsGiven() {
        var chat = new WebChatClient(port);
        String html = "<script>alert('x')</script> & <b>";
        assertThat(chat.post(html).statusCode()).isEqualTo(202);
        assertThat(awaitMessages(chat, 1).get(0).get("text").asString()).isEqualTo(html);
    }

    static Stream<Arguments> badRequests() {
        byte[] ok = "{\"text\":\"مرحبا\"}".getBytes(StandardCharsets.UTF_8);
        byte[] invalidUtf8 = {'{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        return Stream.of(
                Arguments.of("no token", ok, null, 401),
                Arguments.of("wrong token", ok, "Bearer not-the-token", 401),
                Arguments.of("empty text", "{\"text\":\"   \"}".getBytes(StandardCharsets.UTF_8), "", 400),
                Arguments.of("no text", "{}".getBytes(StandardCharsets.UTF_8), "", 400),
                Arguments.of("text over 4000 characters",
                        JSON.writeValueAsBytes(Map.of("text", "ع".repeat(4001))), "", 400),
                Arguments.of("invalid UTF-8", invalidUtf8, "", 400),
                Arguments.of("malformed JSON", "{\"text\": \"مرحبا\"".getBytes(StandardCharsets.UTF_8), "", 400),
                Arguments.of("not an object", "[\"مرحبا\"]".getBytes(StandardCharsets.UTF_8), "", 400),
                Arguments.of("text not a string", "{\"text\": 5}".getBytes(StandardCharsets.UTF_8), "", 400));
    }

    @ParameterizedTest(name = "{0} → {3}")
    @MethodSource("badRequests")
    void badInputGetsAClearErrorAndChangesNothing(String name, byte[] body, String authorization, int status) {
        var chat = new WebChatClient(port);
        long[] before = counts();
        String auth = "".equals(authorization) ? "Bearer " + chat.token : authorization;
        var response = chat.postRaw(body, auth);
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(JSON.readTree(response.body()).get("error").asString()).isNotBlank();
        assertThat(counts()).containsExactly(before);
    }

    @Test
    void readingWithoutTheTokenIsRefused() {
        var chat = new WebChatClient(port);
        assertThat(chat.getMessagesResponse(null).statusCode()).isEqualTo(401);
        assertThat(chat.getMessagesResponse("Bearer " + new WebChatClient(port).token).statusCode()).isEqualTo(401);
    }

    @Test
    void aSessionSendingTooFastIsSlowedDown() {
        var chat = new WebChatClient(port);
        for (int i = 0; i < 5; i++) {
            assertThat(chat.post("رسالة " + i).statusCode()).isEqualTo(202);
        }
        long[] before = counts();
        var refused = chat.post("رسالة أخرى");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(counts()[0]).isEqualTo(before[0]);
    }

    /**
     * Inbound messages, conversations, beneficiaries, identities. Inbound only: the bot answers earlier messages
     * (of this and other tests in the shared context) asynchronously, adding outbound ones at any moment.
     */
    private long[] counts() {
        return new long[] {
                mongo.getCollection("messages").countDocuments(new org.bson.Document("direction", "IN")),
                mongo.getCollection("conversations").countDocuments(),
                mongo.getCollection("beneficiaries").countDocuments(),
                mongo.getCollection("identities").countDocuments()};
    }

    private static List<JsonNode> awaitMessages(WebChatClient chat, int count) {
        return await().atMost(Duration.ofSeconds(10)).until(chat::messages, list -> list.size() >= count);
    }
}
