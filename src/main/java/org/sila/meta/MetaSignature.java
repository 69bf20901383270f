package org.sila.meta;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 with the app secret: webhook signatures in, {@code appsecret_proof} out. */
final class MetaSignature {

    private static final String PREFIX = "sha256=";

    private final byte[] secret;

    MetaSignature(String appSecret) {
        this.secret = appSecret.getBytes(StandardCharsets.UTF_8);
    }

    /** Whether {@code header} ({@code X-Hub-Signature-256: sha256=<hex>}) signs exactly {@code rawBody}. */
    boolean verifies(byte[] rawBody, String header) {
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return false;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(header.substring(PREFIX.length()).strip());
        } catch (IllegalArgumentException notHex) {
            return false;
        }
        return MessageDigest.isEqual(hmac(rawBody), given);
    }

    /** The {@code appsecret_proof} Graph API calls carry when the app requires it. */
    String proof(String accessToken) {
        return HexFormat.of().formatHex(hmac(accessToken.getBytes(StandardCharsets.UTF_8)));
    }

    /** Constant-time equality of two strings (the verify token). */
    static boolean same(String expected, String given) {
        if (expected == null || expected.isBlank() || given == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    private byte[] hmac(byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
