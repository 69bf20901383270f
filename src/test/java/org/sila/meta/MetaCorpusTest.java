package org.sila.meta;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sila.HubTest;
import org.sila.PeerCorpus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plays the Messenger and Instagram payloads of the peer corpus (Meta's documented samples, other projects'
 * fixtures) into the webhook, signed as Meta signs, each from a fresh user: a person's message is stored once and
 * answered; receipts, echoes, reactions and the like are not answered.
 */
@HubTest
class MetaCorpusTest extends MetaTestSupport {

    private static final AtomicInteger FRESH = new AtomicInteger();

    static List<PeerCorpus.Hook> payloads() {
        return PeerCorpus.hooks("meta");
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
