package org.sila.email;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.internet.MimeUtility;

/**
 * Decodes a header's RFC 2047 encoded words as mail clients do: adjacent words of one charset are joined before
 * the bytes become text. Mailers split long subjects wherever the line ends, also inside a multi-byte character;
 * decoding each word on its own (as {@code MimeUtility.decodeText} does, jakartaee/mail-api#751) leaves U+FFFD.
 */
final class EncodedWords {

    private static final Pattern WORD = Pattern.compile("=\\?([^?\\s]+)\\?([BbQq])\\?([^?\\s]*)\\?=");

    private EncodedWords() {
    }

    static String decode(String header) {
        if (header == null) {
            return null;
        }
        String text = MimeUtility.unfold(header);
        Matcher m = WORD.matcher(text);
        var out = new StringBuilder();
        var pending = new ByteArrayOutputStream();
        Charset pendingCharset = null;
        int at = 0;
        while (m.find()) {
            String between = text.substring(at, m.start());
            Charset charset = charset(m.group(1));
            byte[] decoded = charset == null ? null : bytes(m.group(2), m.group(3));
            boolean joins = pendingCharset != null && between.isBlank(); // space between encoded words is dropped
            if (!joins) {
                flush(out, pending, pendingCharset);
                pendingCharset = null;
                out.append(between);
            }
            if (decoded == null) {
                flush(out, pending, pendingCharset);
                pendingCharset = null;
                out.append(m.group()); // an unknown charset or broken base64: shown as written
            } else {
                if (pendingCharset != null && !pendingCharset.equals(charset)) {
                    flush(out, pending, pendingCharset);
                }
                pendingCharset = charset;
                pending.writeBytes(decoded);
            }
            at = m.end();
        }
        flush(out, pending, pendingCharset);
        out.append(text.substring(at));
        return out.toString();
    }

    private static void flush(StringBuilder out, ByteArrayOutputStream pending, Charset charset) {
        if (charset != null && pending.size() > 0) {
            out.append(new String(pending.toByteArray(), charset));
        }
        pending.reset();
    }

    private static Charset charset(String name) {
        String plain = name.contains("*") ? name.substring(0, name.indexOf('*')) : name; // RFC 2231 language
        try {
            return Charset.forName(MimeUtility.javaCharset(plain));
        } catch (IllegalArgumentException unsupported) {
            return null;
        }
    }

    private static byte[] bytes(String encoding, String encoded) {
        if (encoding.equalsIgnoreCase("B")) {
            try {
                return Base64.getMimeDecoder().decode(encoded);
            } catch (IllegalArgumentException broken) {
                return null;
            }
        }
        var out = new ByteArrayOutputStream();
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '_') {
                out.write(' ');
            } else if (c == '=' && i + 2 < encoded.length() && isHex(encoded.charAt(i + 1))
                    && isHex(encoded.charAt(i + 2))) {
                out.write(HexFormat.fromHexDigits(encoded, i + 1, i + 3));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }
}
