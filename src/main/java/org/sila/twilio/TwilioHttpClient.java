package org.sila.twilio;

import java.net.URI;
import java.util.List;
import java.util.Map;

import com.twilio.http.HttpClient;
import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;

/**
 * The SDK's HTTP client, with two changes: requests go to {@code sila.twilio.api-url} (Twilio's own by default, a
 * fake in tests), and the SDK's own quick retries are off — a failed send goes back to the outbox, whose backoff
 * decides when to try again, so a slow 5xx never turns into four sends of one message.
 */
class TwilioHttpClient extends HttpClient {

    static final URI TWILIO_API = URI.create("https://api.twilio.com");

    private final HttpClient delegate;
    private final URI base;

    TwilioHttpClient(URI base) {
        this(base, new NetworkHttpClient(withoutAutomaticRetries()));
    }

    TwilioHttpClient(URI base, HttpClient delegate) {
        this.base = base;
        this.delegate = delegate;
    }

    @Override
    public Response reliableRequest(Request request) {
        return makeRequest(request);
    }

    @Override
    public Response makeRequest(Request request) {
        String url = rebase(URI.create(request.getUrl()), base).toString();
        if (url.equals(request.getUrl())) {
            return delegate.makeRequest(request);
        }
        Request copy = new Request(request.getMethod(), url);
        copyAll(request.getQueryParams(), copy::addQueryParam);
        copyAll(request.getPostParams(), copy::addPostParam);
        copyAll(request.getHeaderParams(), copy::addHeaderParam);
        if (request.getContentType() != null) {
            copy.setContentType(request.getContentType());
        }
        if (request.getBody() != null) {
            copy.setBody(request.getBody());
        }
        if (request.getFormParameters() != null) {
            copy.setFormParameters(request.getFormParameters());
        }
        if (request.getUserAgentExtensions() != null) {
            copy.setUserAgentExtensions(request.getUserAgentExtensions());
        }
        if (request.getAuthStrategy() != null) {
            copy.setAuth(request.getAuthStrategy());
        } else if (request.getUsername() != null) {
            copy.setAuth(request.getUsername(), request.getPassword());
        }
        return delegate.makeRequest(copy);
    }

    /**
     * The SDK's own settings (timeouts, pool), except that Apache HttpClient's default of resending a POST that got
     * 429 or 503 is off: that resend would be a second SMS when Twilio had in fact taken the first.
     */
    private static HttpClientBuilder withoutAutomaticRetries() {
        return HttpClientBuilder.create().useSystemProperties()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDefaultSocketConfig(DEFAULT_SOCKET_CONFIG).setMaxConnPerRoute(10).setMaxConnTotal(20)
                        .build())
                .setDefaultRequestConfig(DEFAULT_REQUEST_CONFIG)
                .disableAutomaticRetries();
    }

    /**
     * {@code url} on {@code base} when it points at one of Twilio's API hosts ({@code *.twilio.com}); other URLs
     * are returned as they are.
     */
    static URI rebase(URI url, URI base) {
        if (base == null || base.equals(TWILIO_API) || !isTwilioApi(url)) {
            return url;
        }
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        String basePath = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
        return URI.create(base.getScheme() + "://" + base.getRawAuthority() + basePath + path
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery()));
    }

    /** Twilio's API hosts: credentials are only ever sent to these (or to the configured base URL). */
    static boolean isTwilioApi(URI url) {
        String host = url.getHost();
        return "https".equalsIgnoreCase(url.getScheme()) && host != null
                && (host.equalsIgnoreCase("twilio.com") || host.toLowerCase().endsWith(".twilio.com"));
    }

    private static void copyAll(Map<String, List<String>> from, java.util.function.BiConsumer<String, String> to) {
        if (from != null) {
            from.forEach((name, values) -> values.forEach(value -> to.accept(name, value)));
        }
    }
}
