package org.sila.twilio;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import com.twilio.security.RequestValidator;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Checks {@code X-Twilio-Signature}: an HMAC-SHA1, keyed with the auth token, of the exact URL Twilio called
 * (query included) followed by the POST parameters sorted by name. The URL is the configured public URL plus the
 * request's path, or, without one, the URL a proxy reports in {@code X-Forwarded-Proto/Host/Port}.
 */
class TwilioSignatures {

    static final String HEADER = "X-Twilio-Signature";

    private final TwilioProperties properties;
    private final RequestValidator validator;

    TwilioSignatures(TwilioProperties properties) {
        this.properties = properties;
        this.validator = new RequestValidator(properties.authToken());
    }

    /**
     * The request's POST parameters once its signature is proven.
     *
     * @throws TwilioWebhookException 403 when the signature is missing or wrong
     */
    Map<String, String> verify(HttpServletRequest request) {
        String signature = request.getHeader(HEADER);
        if (signature == null || signature.isBlank()) {
            throw TwilioWebhookException.forbidden("X-Twilio-Signature is missing");
        }
        Map<String, String> params;
        try {
            params = postParameters(request);
        } catch (IllegalStateException | IllegalArgumentException unreadable) {
            // The container refuses a body it cannot decode (invalid UTF-8, broken %-escapes): Twilio never sends one.
            throw TwilioWebhookException.badRequest("The body is not a readable form (UTF-8)");
        }
        if (!validator.validate(calledUrl(request), params, signature)) {
            throw TwilioWebhookException.forbidden("X-Twilio-Signature does not match this request");
        }
        return params;
    }

    /** The URL Twilio called, as Twilio saw it. */
    String calledUrl(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String query = request.getQueryString() == null ? "" : "?" + request.getQueryString();
        return origin(request) + path + query;
    }

    /** An absolute URL for one of this hub's webhook paths, as Twilio will call it. */
    String callbackUrl(HttpServletRequest request, String pathAndQuery) {
        return origin(request) + pathAndQuery;
    }

    /** For calls made outside any request (outbound sends): the public URL, or null when none is configured. */
    String callbackUrl(String pathAndQuery) {
        String base = properties.publicBase();
        return base == null ? null : base + pathAndQuery;
    }

    private String origin(HttpServletRequest request) {
        String base = properties.publicBase();
        if (base != null) {
            return base;
        }
        String proto = first(request.getHeader("X-Forwarded-Proto"));
        String host = first(request.getHeader("X-Forwarded-Host"));
        String port = first(request.getHeader("X-Forwarded-Port"));
        String scheme = proto != null ? proto : request.getScheme();
        if (host == null) {
            host = request.getHeader("Host") != null ? request.getHeader("Host")
                    : request.getServerName() + ":" + request.getServerPort();
        }
        if (port != null && !host.contains(":") && !isDefaultPort(scheme, port)) {
            host = host + ":" + port;
        }
        return scheme + "://" + host + request.getContextPath();
    }

    /**
     * The form parameters of the body only. The servlet container mixes query parameters in (first), but Twilio
     * signs those as part of the URL, so they are taken out again.
     */
    static Map<String, String> postParameters(HttpServletRequest request) {
        Map<String, Integer> inQuery = new HashMap<>();
        String query = request.getQueryString();
        if (query != null) {
            for (String pair : query.split("&")) {
                if (!pair.isEmpty()) {
                    String name = URLDecoder.decode(pair.split("=", 2)[0], StandardCharsets.UTF_8);
                    inQuery.merge(name, 1, Integer::sum);
                }
            }
        }
        Map<String, String> params = new LinkedHashMap<>();
        request.getParameterMap().forEach((name, values) -> {
            int skip = inQuery.getOrDefault(name, 0);
            if (values.length > skip) {
                params.put(name, values[skip]);
            }
        });
        return params;
    }

    /** A parameter of the URL's query string only (never of the body), decoded; null when absent. */
    static String queryParameter(HttpServletRequest request, String name) {
        String query = request.getQueryString();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            String[] kv = pair.split("=", 2);
            if (URLDecoder.decode(kv[0], StandardCharsets.UTF_8).equals(name)) {
                return kv.length == 2 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "";
            }
        }
        return null;
    }

    private static boolean isDefaultPort(String scheme, String port) {
        return ("https".equalsIgnoreCase(scheme) && "443".equals(port))
                || ("http".equalsIgnoreCase(scheme) && "80".equals(port));
    }

    private static String first(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        return header.split(",")[0].strip();
    }
}
