package org.sila.twilio;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sila.PeerCorpus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plays the Twilio payloads of the peer corpus (Twilio's documented samples, other projects' fixtures) into the
 * messaging, status and voice webhooks, signed as Twilio signs, each from a fresh number: a person's message is
 * stored once and answered, a status callback stores nothing.
 */
class TwilioCorpusTest extends TwilioHubTestSupport {

    private static final AtomicInteger FRESH = new AtomicInteger(10_000);

    static List<PeerCorpus.Hook> payloads() {
        return PeerCorpus.hooks("twilio");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("payloads")
    void eachPayloadMeetsItsExpectation(PeerCorpus.Hook hook) throws Exception {
        Map<String, String> params = fresh(new ObjectMapper().readValue(hook.body(), new TypeReference<>() { }),
                FRESH.getAndIncrement());
        var probe = new PeerCorpus.Probe(mongo);
        var response = twilio.post(hook.endpoint(), params);
        PeerCorpus.Outcome outcome = probe.after(response.statusCode());
        boolean met = outcome.meets(hook.expect());
        PeerCorpus.record("twilio", hook.file(), hook.expect(), outcome.toString(), met);
        assertThat(met).as("%s expected %s, got %s (%s)", hook.file(), hook.expect(), outcome, response.body())
                .isTrue();
    }

    /** The payload as a new delivery from a new number: message and call ids suffixed, the sender's last digits. */
    private static Map<String, String> fresh(Map<String, String> payload, int n) {
        Map<String, String> params = new LinkedHashMap<>(payload);
        for (String sid : List.of("MessageSid", "SmsSid", "SmsMessageSid", "CallSid")) {
            params.computeIfPresent(sid, (k, v) -> v + n);
        }
        params.computeIfPresent("From", (k, v) -> v.matches(".*\\d{6}$")
                ? v.substring(0, v.length() - 5) + String.format("%05d", n % 100_000) : v);
        return params;
    }
}
