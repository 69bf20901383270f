package org.sila.console;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Behind the TLS proxy (which reaches the hub over loopback or a private network, saying {@code
 * X-Forwarded-Proto: https}), the console's session cookie is Secure and browsers are told to keep to https.
 */
@ConsoleTest
class BehindATlsProxyTest {

    @LocalServerPort
    int port;

    @Test
    void anHttpsRequestFromTheProxyGetsASecureCookieAndHsts() throws Exception {
        HttpResponse<Void> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/login")).header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-For", "203.0.113.50").header("X-Forwarded-Host", "sila.example.org").build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Strict-Transport-Security"))
                .hasValueSatisfying(h -> assertThat(h).contains("max-age="));
        assertThat(page.headers().allValues("Set-Cookie")).filteredOn(c -> c.startsWith("JSESSIONID="))
                .singleElement().satisfies(c -> assertThat(c).contains("Secure", "HttpOnly"));
    }

    @Test
    void aPlainRequestStaysPlain() throws Exception {
        HttpResponse<Void> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/login")).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(page.headers().firstValue("Strict-Transport-Security")).isEmpty();
    }
}
