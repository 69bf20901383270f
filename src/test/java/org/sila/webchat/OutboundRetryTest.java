package org.sila.webchat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sila.HubTest;
import org.sila.WebChatClient;
import org.sila.channel.ChannelSendException;
import org.sila.channel.ChannelType;
import org.sila.channel.DeliveryStatus;
import org.sila.channel.OutboundMessage;
import org.sila.conversation.ConversationService;
import org.sila.conversation.Message;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doCallRealMethod;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.reset;

/** The outbox against a channel that fails: retried with backoff, delivered, or failed visibly. */
@HubTest
class OutboundRetryTest {

    @LocalServerPort
    int port;
    @Autowired
    ConversationService conversations;
    @MockitoSpyBean
    WebChatSender sender;

    @AfterEach
    void restoreSender() {
        reset(sender);
    }

    @Test
    void aSendThatFailsTwiceIsRetriedAndDelivered() {
        doThrow(ChannelSendException.retryable("503", "provider unavailable", null, null))
                .doThrow(ChannelSendException.retryable("timeout", "read timed out", null, null))
                .doCallRealMethod().when(sender).send(any(OutboundMessage.class));

        Message reply = replyTo(new WebChatClient(port), "مرحبا");
        await().atMost(Duration.ofSeconds(10)).until(() -> current(reply).status() == DeliveryStatus.SENT);
        Message sent = current(reply);
        assertThat(sent.attempts()).isEqualTo(3);
        assertThat(sent.error()).isNull();
        assertThat(sent.externalId()).isEqualTo(sent.id());
    }

    @Test
    void aSendThatKeepsFailingEndsFailedWithTheProvidersError() {
        doThrow(ChannelSendException.retryable("503", "provider unavailable", Duration.ofMillis(50), null))
                .when(sender).send(any(OutboundMessage.class));

        Message reply = replyTo(new WebChatClient(port), "مرحبا");
        await().atMost(Duration.ofSeconds(10)).until(() -> current(reply).status() == DeliveryStatus.FAILED);
        Message failed = current(reply);
        assertThat(failed.attempts()).isEqualTo(4); // sila.pipeline.max-attempts in the test profile
        assertThat(failed.errorCode()).isEqualTo("503");
        assertThat(failed.error()).isEqualTo("provider unavailable");
    }

    @Test
    void aPermanentFailureIsNotRetried() {
        doThrow(ChannelSendException.permanent("21211", "invalid recipient", null))
                .when(sender).send(any(OutboundMessage.class));

        Message reply = replyTo(new WebChatClient(port), "مرحبا");
        await().until(() -> current(reply).status() == DeliveryStatus.FAILED);
        assertThat(current(reply).attempts()).isEqualTo(1);
        assertThat(current(reply).errorCode()).isEqualTo("21211");
    }

    @Test
    void anUnreachableRecipientIsMarkedAndLaterMessagesFailWithoutASend() {
        doThrow(ChannelSendException.unreachable("403", "blocked by the user"))
                .when(sender).send(any(OutboundMessage.class));
        var chat = new WebChatClient(port);
        Message first = replyTo(chat, "مرحبا");
        await().until(() -> current(first).status() == DeliveryStatus.FAILED);
        assertThat(conversations.identity(ChannelType.WEBCHAT, chat.sessionId).orElseThrow().unreachable()).isTrue();

        doCallRealMethod().when(sender).send(any(OutboundMessage.class));
        Message second = conversations.reply(first.conversationId(),
                org.sila.conversation.Reply.fromStaff("staff-1", "هل ما زلت هنا؟"));
        await().until(() -> current(second).status() == DeliveryStatus.FAILED);
        assertThat(current(second).errorCode()).isEqualTo("UNREACHABLE");
        assertThat(current(second).attempts()).isEqualTo(1);
    }

    @Test
    void messagesOfOneConversationAreSentInOrderBehindARetry() {
        doThrow(ChannelSendException.retryable("503", "provider unavailable", null, null))
                .doCallRealMethod().when(sender).send(any(OutboundMessage.class));
        var chat = new WebChatClient(port);
        Message greeting = replyTo(chat, "مرحبا");
        Message staff = conversations.reply(greeting.conversationId(),
                org.sila.conversation.Reply.fromStaff("staff-1", "رسالة ثانية"));
        await().until(() -> current(staff).status() == DeliveryStatus.SENT);
        assertThat(current(greeting).status()).isEqualTo(DeliveryStatus.SENT);
        assertThat(current(greeting).sentAt()).isBeforeOrEqualTo(current(staff).sentAt());
    }

    private Message replyTo(WebChatClient chat, String text) {
        chat.post(text);
        List<JsonNode> messages = await().until(chat::messages, list -> list.size() >= 2);
        return conversations.message(messages.get(1).get("id").asString()).orElseThrow();
    }

    private Message current(Message message) {
        return conversations.message(message.id()).orElseThrow();
    }
}
