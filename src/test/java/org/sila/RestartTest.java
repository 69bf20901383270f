package org.sila;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sila.channel.ChannelSendException;
import org.sila.channel.ChannelSender;
import org.sila.channel.ChannelType;
import org.sila.channel.DeliveryStatus;
import org.sila.channel.OutboundMessage;
import org.sila.channel.SendResult;
import org.sila.conversation.ConversationService;
import org.sila.report.Metric;
import org.sila.report.ReportService;
import org.sila.conversation.Direction;
import org.sila.conversation.InboundResponder;
import org.sila.conversation.Message;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.sila.WebChatClient.JSON;

/** The hub stopped and started again on the same embedded store file: nothing stored is lost or left undone. */
class RestartTest {

    @TempDir
    Path dataDir;

    @Test
    void conversationsPersistAcrossARestartOfTheEmbeddedStore() {
        String sessionId;
        String token;
        List<JsonNode> before;
        try (var hub = start(null)) {
            var chat = new WebChatClient(port(hub));
            String messageId = JSON.readTree(chat.post("السلام عليكم").body()).get("messageId").asString();
            before = await().until(chat::messages, list -> list.size() == 2);
            sessionId = chat.sessionId;
            token = chat.token;
            ConversationService conversations = hub.getBean(ConversationService.class);
            await().until(() -> conversations.message(messageId).orElseThrow().handledAt() != null);
        } // stopped at once: the counters summed in memory are written as the hub stops
        try (var hub = start(null)) {
            var again = WebChatClient.resume(port(hub), sessionId, token);
            assertThat(again.messages()).extracting(m -> m.get("id").asString())
                    .containsExactlyElementsOf(before.stream().map(m -> m.get("id").asString()).toList());
            assertThat(again.messages().get(0).get("text").asString()).isEqualTo("السلام عليكم");
            var reports = hub.getBean(ReportService.class);
            var webchat = reports.report(reports.lastDays(1)).channels().get("WEBCHAT");
            assertThat(webchat.get(Metric.INBOUND)).isEqualTo(1);
            assertThat(webchat.get(Metric.OUTBOUND)).isEqualTo(1);
        }
    }

    @Test
    void aReplyQueuedWhenTheHubStoppedIsSentAfterItStarts() {
        String replyId;
        try (var hub = start(failingWebChatSender())) {
            var chat = new WebChatClient(port(hub));
            chat.post("مرحبا");
            ConversationService conversations = hub.getBean(ConversationService.class);
            replyId = await().until(chat::messages, list -> list.size() == 2).get(1).get("id").asString();
            await().until(() -> conversations.message(replyId).orElseThrow().attempts() >= 2);
            assertThat(conversations.message(replyId).orElseThrow().status()).isEqualTo(DeliveryStatus.QUEUED);
        }
        try (var hub = start(null)) {
            ConversationService conversations = hub.getBean(ConversationService.class);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> conversations.message(replyId).orElseThrow().status() == DeliveryStatus.SENT);
        }
    }

    @Test
    void aMessageStoredButNotYetAnsweredWhenTheHubStoppedIsAnsweredAfterItStarts() {
        String messageId;
        try (var hub = start(failingResponder())) {
            var chat = new WebChatClient(port(hub));
            messageId = JSON.readTree(chat.post("مرحبا").body()).get("messageId").asString();
            ConversationService conversations = hub.getBean(ConversationService.class);
            assertThat(conversations.message(messageId)).isPresent();
        }
        try (var hub = start(null)) {
            ConversationService conversations = hub.getBean(ConversationService.class);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> conversations.message(messageId).orElseThrow().handledAt() != null);
            String conversationId = conversations.message(messageId).orElseThrow().conversationId();
            assertThat(conversations.messages(conversationId)).extracting(Message::direction)
                    .containsExactly(Direction.IN, Direction.OUT);
        }
    }

    @Test
    void aMessageAnsweredJustBeforeHandlingFailedIsNotAnsweredTwice() {
        var failures = new java.util.concurrent.atomic.AtomicInteger();
        try (var hub = start(failingAfterAnswering(failures), "--sila.pipeline.sweep-interval=1s")) {
            var chat = new WebChatClient(port(hub));
            String messageId = JSON.readTree(chat.post("السلام عليكم").body()).get("messageId").asString();
            ConversationService conversations = hub.getBean(ConversationService.class);
            // handled by the attempt after the failure, which finds the first attempt's answer
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> conversations.message(messageId).orElseThrow().handledAt() != null);
            assertThat(failures).hasValue(1);
            assertThat(conversations.message(messageId).orElseThrow().handlingAttempts()).isEqualTo(2);
            String conversationId = conversations.message(messageId).orElseThrow().conversationId();
            assertThat(conversations.messages(conversationId)).extracting(Message::direction)
                    .containsExactly(Direction.IN, Direction.OUT);
            assertThat(conversations.messages(conversationId).get(1).answers()).isEqualTo(messageId);
        }
    }

    /**
     * A run of the hub that dies mid-work leaves claims behind: a message being answered and a reply being sent.
     * Only one process can open the embedded store, so the next run takes both up at once rather than after the
     * lease, and answers each message once.
     */
    @Test
    void workClaimedByARunThatDiedIsTakenUpAtTheNextStartNotAfterItsLease() {
        var release = new java.util.concurrent.CountDownLatch(1);
        String unanswered;
        String unsent;
        try {
            try (var hub = start(hangingMidWork(release), "--sila.pipeline.lease=10m")) {
                ConversationService conversations = hub.getBean(ConversationService.class);
                unanswered = JSON.readTree(new WebChatClient(port(hub)).post(HANG).body()).get("messageId").asString();
                var other = new WebChatClient(port(hub));
                other.post("مرحبا");
                unsent = await().until(other::messages, list -> list.size() == 2).get(1).get("id").asString();
                await().until(() -> conversations.message(unanswered).orElseThrow().handlingAttempts() == 1
                        && conversations.message(unsent).orElseThrow().attempts() == 1);
            }
            try (var hub = start(null, "--sila.pipeline.lease=10m")) {
                ConversationService conversations = hub.getBean(ConversationService.class);
                await().atMost(Duration.ofSeconds(20)).until(() ->
                        conversations.message(unanswered).orElseThrow().handledAt() != null
                        && conversations.message(unsent).orElseThrow().status() == DeliveryStatus.SENT);
                for (String id : List.of(unanswered, unsent)) {
                    String conversationId = conversations.message(id).orElseThrow().conversationId();
                    assertThat(conversations.messages(conversationId)).extracting(Message::direction)
                            .containsExactly(Direction.IN, Direction.OUT);
                }
            }
        } finally {
            release.countDown();
        }
    }

    private static final String HANG = "رسالة تعلق";

    private ConfigurableApplicationContext start(BeanPostProcessor override, String... more) {
        var builder = new SpringApplicationBuilder(SilaApplication.class).profiles("test");
        if (override != null) {
            builder.initializers(context -> context.getBeanFactory().addBeanPostProcessor(override));
        }
        // Arguments, not default properties: they must win over the test profile's in-memory store.
        List<String> args = new java.util.ArrayList<>(List.of("--server.port=0", "--sila.store.in-memory=false",
                "--sila.store.path=" + dataDir.resolve("sila.mv"), "--sila.pipeline.max-attempts=1000"));
        args.addAll(List.of(more));
        if (args.stream().noneMatch(a -> a.startsWith("--sila.pipeline.lease="))) {
            args.add("--sila.pipeline.lease=1s");
        }
        return builder.run(args.toArray(String[]::new));
    }

    private static int port(ConfigurableApplicationContext hub) {
        return ((WebServerApplicationContext) hub).getWebServer().getPort();
    }

    /**
     * Stands in for a process that dies mid-work: the rules layer never finishes on {@link #HANG}, and no web chat
     * send ever returns (until {@code release}, after the test).
     */
    private static BeanPostProcessor hangingMidWork(java.util.concurrent.CountDownLatch release) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (bean instanceof InboundResponder responder) {
                    return (InboundResponder) (message, conversation) -> {
                        if (HANG.equals(message.text())) {
                            hang(release);
                        }
                        return responder.respond(message, conversation);
                    };
                }
                return webChatSenderFailing(bean, () -> {
                    hang(release);
                    return ChannelSendException.retryable("503", "the process died", null, null);
                });
            }
        };
    }

    /** Deaf to interrupts, as a killed process would not give its work back on shutdown either. */
    private static void hang(java.util.concurrent.CountDownLatch release) {
        while (true) {
            try {
                release.await();
                return;
            } catch (InterruptedException ignored) {
                // keep hanging
            }
        }
    }

    /** Stands in for a provider that is down: every web chat send fails and is to be retried. */
    private static BeanPostProcessor failingWebChatSender() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                return webChatSenderFailing(bean, () -> ChannelSendException.retryable("503", "provider down", null,
                        null));
            }
        };
    }

    /** The web chat sender replaced by one whose every send throws what {@code failure} gives; other beans as is. */
    private static Object webChatSenderFailing(Object bean,
                                               java.util.function.Supplier<ChannelSendException> failure) {
        if (bean instanceof ChannelSender sender && sender.channels().contains(ChannelType.WEBCHAT)) {
            return new ChannelSender() {
                @Override
                public Set<ChannelType> channels() {
                    return sender.channels();
                }

                @Override
                public SendResult send(OutboundMessage message) {
                    throw failure.get();
                }
            };
        }
        return bean;
    }

    /** Stands in for the store failing once after the bot answered, before the message is marked handled. */
    private static BeanPostProcessor failingAfterAnswering(java.util.concurrent.atomic.AtomicInteger failures) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (bean instanceof InboundResponder responder) {
                    return (InboundResponder) (message, conversation) -> {
                        boolean took = responder.respond(message, conversation);
                        if (took && failures.getAndIncrement() == 0) {
                            throw new IllegalStateException("the store failed after the answer");
                        }
                        return took;
                    };
                }
                return bean;
            }
        };
    }

    /** Stands in for the hub stopping between storing a message and answering it. */
    private static BeanPostProcessor failingResponder() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (bean instanceof InboundResponder) {
                    return (InboundResponder) (message, conversation) -> {
                        throw new IllegalStateException("stopped before answering");
                    };
                }
                return bean;
            }
        };
    }
}
