package org.sila.twilio;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import com.twilio.http.TwilioRestClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Signatures behind a proxy, query parameters kept out of the signed body, and the adapter's on/off switch. */
class TwilioSignaturesTest {

    private static final Map<String, String> PARAMS = Map.of("MessageSid", "SM1", "From", "+966501000401",
            "Body", "مرحبا");

    @Test
    void withoutAPublicUrlTheForwardedUrlIsTheOneSigned() {
        var signatures = new TwilioSignatures(properties(null));
        MockHttpServletRequest request = request("/webhooks/twilio/status", "channel=SMS");
        request.addHeader("X-Forwarded-Proto", "https");
        request.addHeader("X-Forwarded-Host", "sila.example.org");
        request.addHeader("X-Forwarded-Port", "443");
        request.addHeader(TwilioSignatures.HEADER, TwilioWebhookClient.signature(
                "https://sila.example.org/webhooks/twilio/status?channel=SMS", PARAMS, TwilioFake.AUTH_TOKEN));

        assertThat(signatures.verify(request)).isEqualTo(PARAMS);
    }

    @Test
    void theInternalUrlDoesNotPassForThePublicOne() {
        var signatures = new TwilioSignatures(properties("https://sila.example.org"));
        MockHttpServletRequest request = request("/webhooks/twilio/messages", null);
        request.addHeader(TwilioSignatures.HEADER, TwilioWebhookClient.signature(
                "http://localhost:8080/webhooks/twilio/messages", PARAMS, TwilioFake.AUTH_TOKEN));

        assertThatThrownBy(() -> signatures.verify(request)).isInstanceOfSatisfying(TwilioWebhookException.class,
                e -> assertThat(e.status()).isEqualTo(HttpStatus.FORBIDDEN));
    }

    @Test
    void queryParametersAreNotTakenForBodyParameters() {
        MockHttpServletRequest request = request("/webhooks/twilio/status", "channel=SMS");
        request.addParameter("channel", "SMS");
        assertThat(TwilioSignatures.postParameters(request)).isEqualTo(PARAMS);
    }

    @Test
    void theAdapterIsOffUnlessBothSidAndTokenAreSet() {
        var runner = new ApplicationContextRunner().withUserConfiguration(TwilioConfiguration.class);
        runner.withPropertyValues("sila.twilio.account-sid=" + TwilioFake.ACCOUNT_SID, "sila.twilio.auth-token=")
                .run(context -> assertThat(context).doesNotHaveBean(TwilioRestClient.class));
        runner.withPropertyValues("sila.twilio.auth-token=" + TwilioFake.AUTH_TOKEN)
                .run(context -> assertThat(context).doesNotHaveBean(TwilioRestClient.class));
        runner.withPropertyValues("sila.twilio.account-sid=" + TwilioFake.ACCOUNT_SID,
                        "sila.twilio.auth-token=" + TwilioFake.AUTH_TOKEN)
                .run(context -> assertThat(context).hasSingleBean(TwilioRestClient.class));
    }

    private static MockHttpServletRequest request(String path, String query) {
        var request = new MockHttpServletRequest("POST", path);
        request.setServerName("localhost");
        request.setServerPort(8080);
        request.setQueryString(query);
        PARAMS.forEach(request::addParameter);
        return request;
    }

    private static TwilioProperties properties(String publicUrl) {
        return new TwilioProperties(TwilioFake.ACCOUNT_SID, TwilioFake.AUTH_TOKEN, null, null, null,
                URI.create("https://api.twilio.com"), publicUrl, null, Duration.ofHours(24), 1_000_000, null, 120,
                null);
    }
}
