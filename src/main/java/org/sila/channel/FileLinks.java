package org.sila.channel;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * Signed, expiring links to the files of outbound messages, for providers that fetch a file rather than take it
 * in the request (Twilio media, Meta's Send API): {@code {public-url}/files/{messageId}/{index}/{name}?expires=…
 * &signature=…}, the signature an HMAC-SHA256 over the message id, the index and the expiry. No session is
 * needed, so the provider can fetch it; a wrong or expired signature opens nothing.
 */
@Component
public class FileLinks {

    public static final String PATH = "/files";
    private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

    private final SecretKeySpec key;
    private final String publicUrl;
    private final Duration ttl;
    private final Clock clock;

    @Autowired
    FileLinks(@Value("${sila.file-links.public-url:}") String publicUrl,
              @Value("${sila.file-links.secret:}") String secret,
              @Value("${sila.file-links.ttl:1h}") Duration ttl,
              @Value("${sila.store.path:./data/sila.mv}") String storePath, Optional<Clock> clock) {
        this(publicUrl, OwnerOnlyFiles.secretKey(secret,
                Path.of(storePath).toAbsolutePath().resolveSibling("file-links.key")), ttl, clock.orElse(Clock.systemUTC()));
    }

    public FileLinks(String publicUrl, byte[] secret, Duration ttl, Clock clock) {
        this.key = new SecretKeySpec(secret, "HmacSHA256");
        String base = publicUrl == null ? "" : publicUrl.strip();
        this.publicUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** Whether the hub has a public address to put in links (the same setting Twilio's callbacks use). */
    public boolean available() {
        return !publicUrl.isEmpty();
    }

    /**
     * The link to file {@code index} of message {@code messageId}, good for the configured time.
     *
     * @throws ChannelSendException (permanent) when no public URL is configured: the provider could not fetch it
     */
    public URI link(String messageId, int index, String fileName) {
        if (!available()) {
            throw ChannelSendException.permanent("NO_PUBLIC_URL", "Files go out by link, and the hub has no public "
                    + "address: set sila.file-links.public-url (by default sila.twilio.public-url)", null);
        }
        long expires = clock.instant().plus(ttl).getEpochSecond();
        return URI.create(publicUrl + PATH + "/" + messageId + "/" + index + "/"
                + URLEncoder.encode(fileName, StandardCharsets.UTF_8).replace("+", "%20")
                + "?expires=" + expires + "&signature=" + signature(messageId, index, expires));
    }

    /** True when {@code signature} is this hub's for the file and {@code expires} has not passed. */
    public boolean valid(String messageId, int index, long expires, String signature) {
        if (signature == null || Instant.ofEpochSecond(expires).isBefore(clock.instant())) {
            return false;
        }
        // Constant-time, so a signature cannot be guessed byte by byte from response times.
        return MessageDigest.isEqual(signature(messageId, index, expires).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
    }

    private String signature(String messageId, int index, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return BASE64.encodeToString(mac.doFinal((messageId + "/" + index + "/" + expires)
                    .getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A file as a download: its type, its name (UTF-8), never rendered by the browser as a page of the hub's (a
     * staff member's HTML file stays a file).
     */
    public static ResponseEntity<byte[]> download(Attachment file) {
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(file.contentType()))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(file.fileName(), StandardCharsets.UTF_8).build().toString())
                .header("X-Content-Type-Options", "nosniff")
                .body(file.content());
    }
}
