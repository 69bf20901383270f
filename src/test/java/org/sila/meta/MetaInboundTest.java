package org.sila.meta;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sila.HubTest;
import org.sila.PeerCorpus;
import org.sila.channel.ChannelType;
import org.sila.channel.InboundRules;
import org.sila.channel.SharedContent;
import org.sila.conversation.Direction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The channel's rule set and content on Meta, and the peer corpus: plays the Messenger and Instagram payloads of the peer corpus (Meta's documented samples, other projects'
 * fixtures) into the webhook, signed as Meta signs, each from a fresh user: a person's message is stored once and
 * answered; receipts, echoes, reactions and the like are not answered.
 */
@HubTest
class MetaInboundTest extends MetaTestSupport {

    private static final AtomicInteger FRESH = new AtomicInteger();

    static List<PeerCorpus.Hook> payloads() {
        return PeerCorpus.hooks("meta");
    }

    @Test
    void aTextLongerThanAnyProviderSendsRefusesTheDeliveryAndNothingIsStored() {
        String user = newUser();
        String body = delivery(user, "{\"mid\":\"m-short-" + user + "\",\"text\":\"مرحبا\"}",
                "{\"mid\":\"m-long-" + user + "\",\"text\":\"" + "ا".repeat(InboundRules.MAX_TEXT_CHARS + 1) + "\"}");
        var response = postSigned(body);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(nothingStoredFor(ChannelType.MESSENGER, user, "m-short-" + user)).isTrue();
    }

    @Test
    void theLikeStickerIsKeptAsItsEmojiAndAnswered() {
        String user = newUser();
        String body = delivery(user, "{\"mid\":\"m-like-" + user + "\",\"sticker_id\":369239263222822,"
                + "\"attachments\":[{\"type\":\"image\",\"payload\":{\"url\":\"https://scontent.example/like.png\","
                + "\"sticker_id\":369239263222822}}]}");
        assertThat(postSigned(body).statusCode()).isEqualTo(200);
        var in = stored(ChannelType.MESSENGER, "m-like-" + user);
        assertThat(SharedContent.of(in.details())).contains(new SharedContent.Sticker("\uD83D\uDC4D"));
        assertThat(in.attachments()).isEmpty(); // Meta's picture of the sticker is not the beneficiary's file
        await().until(() -> conversations.messages(in.conversationId()).stream()
                .anyMatch(m -> m.direction() == Direction.OUT && m.text().contains("كيف يمكننا مساعدتك")));
    }

    /** A Messenger delivery of {@code messages} (message objects) from {@code user}. */
    private static String delivery(String user, String... messages) {
        var events = new java.util.StringJoiner(",");
        for (int i = 0; i < messages.length; i++) {
            events.add("{\"sender\":{\"id\":\"" + user + "\"},\"recipient\":{\"id\":\"p\"},\"timestamp\":" + (i + 1)
                    + ",\"message\":" + messages[i] + "}");
        }
        return "{\"object\":\"page\",\"entry\":[{\"id\":\"p\",\"time\":1,\"messaging\":[" + events + "]}]}";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("payloads")
    void eachPayloadMeetsItsExpectation(PeerCorpus.Hook hook) {
        String run = "-c" + FRESH.incrementAndGet();
        // A new delivery from new people: every sender, recipient and message id made unique to this run.
        String body = hook.body().replaceAll("(\"(?:id|mid)\"\\s*:\\s*\"[^\"]+)\"", "$1" + run + "\"");
        var probe = new PeerCorpus.Probe(mongo);
        var response = postSigned(body);
        PeerCorpus.Outcome outcome = probe.after(response.statusCode());
        boolean met = outcome.meets(hook.expect());
        PeerCorpus.record("meta", hook.file(), hook.expect(), outcome.toString(), met);
        assertThat(met).as("%s expected %s, got %s (%s)", hook.file(), hook.expect(), outcome, response.body())
                .isTrue();
    }
}
