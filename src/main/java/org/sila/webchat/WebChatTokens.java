package org.sila.webchat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.sila.channel.OwnerOnlyFiles;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Web chat sessions need no server state: the token is an HMAC of the session id, so any hub instance that
 * shares the key can check it, and a restart keeps visitors' sessions.
 */
@Component
class WebChatTokens {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

    private final SecretKeySpec key;

    WebChatTokens(WebChatProperties properties, @Value("${sila.store.path:./data/sila.mv}") String storePath) {
        this.key = new SecretKeySpec(secret(properties, storePath), "HmacSHA256");
    }

    String newSessionId() {
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        return BASE64.encodeToString(id);
    }

    String tokenFor(String sessionId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return BASE64.encodeToString(mac.doFinal(sessionId.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Constant-time, so the token cannot be guessed byte by byte from response times. */
    boolean isValid(String sessionId, String token) {
        if (sessionId == null || token == null || sessionId.length() > 64) {
            return false;
        }
        return MessageDigest.isEqual(tokenFor(sessionId).getBytes(StandardCharsets.US_ASCII),
                token.getBytes(StandardCharsets.US_ASCII));
    }

    /** The configured secret, or the generated key kept in {@code keyFile}, by default beside the store's file. */
    private static byte[] secret(WebChatProperties properties, String storePath) {
        Path file = properties.keyFile() != null && !properties.keyFile().isBlank() ? Path.of(properties.keyFile())
                : Path.of(storePath).toAbsolutePath().resolveSibling("webchat.key");
        return OwnerOnlyFiles.secretKey(properties.tokenSecret(), file);
    }
}
