package org.sila.email;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.ibm.icu.text.CharsetDetector;
import com.ibm.icu.text.CharsetMatch;
import jakarta.mail.internet.MimeUtility;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * Text out of a mail body: bytes in whatever charset the beneficiary's mailer chose, HTML made plain, and the
 * quoted earlier mails and signature trimmed off what the bot reads.
 */
final class MailText {

    /** When detection has nothing to go on: mailers in this region that omit the charset write Windows Arabic. */
    private static final Charset ARABIC_WINDOWS = Charset.forName("windows-1256");
    /** ICU's confidence (0-100) below which its guess is no better than the regional default. */
    private static final int MIN_CONFIDENCE = 20;

    /** Lines that start the quoted earlier mail: "On ... wrote:", "في ... كتب:", "-----Original Message-----". */
    private static final Pattern QUOTE_HEADER = Pattern.compile(
            "^(On\\s.{1,200}\\swrote:|في\\s.{1,200}\\sكتب:|-{2,}\\s*(Original Message|الرسالة الأصلية)\\s*-{2,}|_{10,})$",
            Pattern.CASE_INSENSITIVE);
    /** Outlook's quoted block: a "From:" line followed by "Sent:" / "Date:" / "To:". */
    private static final Pattern OUTLOOK_FROM = Pattern.compile("^(From|من|المرسل)\\s*:.+$", Pattern.CASE_INSENSITIVE);
    private static final Pattern OUTLOOK_NEXT = Pattern.compile("^(Sent|Date|To|أرسلت|أرسل|التاريخ|إلى)\\s*:.*$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern SENT_FROM = Pattern.compile(
            "^(Sent from my .{1,40}|Get Outlook for .{1,20}|أرسلت من .{1,40}|تم الإرسال من .{1,40}|مرسل من .{1,40})$",
            Pattern.CASE_INSENSITIVE);

    private MailText() {
    }

    /**
     * Decodes body bytes in their declared charset; with none usable (or UTF-8 / ASCII declared over bytes that are
     * not), UTF-8 when the bytes are valid UTF-8, else the charset ICU detects in {@code sample} (the bytes themselves, or more of the mail when they are few).
     */
    static String decode(byte[] bytes, String charsetName, byte[] sample) {
        if (charsetName != null && !charsetName.isBlank()) {
            try {
                Charset declared = Charset.forName(MimeUtility.javaCharset(charsetName.strip()));
                // "UTF-8" or "us-ascii" over Latin bytes is a mailer's mistake: those are checked, not trusted.
                if (!declared.equals(StandardCharsets.UTF_8) && !declared.equals(StandardCharsets.US_ASCII)) {
                    return new String(bytes, declared);
                }
            } catch (IllegalArgumentException unknown) {
                // unsupported or illegal name: guess below
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException notUtf8) {
            return new String(bytes, detect(sample));
        }
    }

    static String decode(byte[] bytes, String charsetName) {
        return decode(bytes, charsetName, bytes);
    }

    /** The charset ICU's detector finds most likely among those Java supports; Windows Arabic when it is unsure. */
    static Charset detect(byte[] sample) {
        CharsetDetector detector = new CharsetDetector();
        detector.setText(sample);
        for (CharsetMatch match : detector.detectAll()) {
            if (match.getConfidence() < MIN_CONFIDENCE) {
                break;
            }
            if (Charset.isSupported(match.getName())) {
                return Charset.forName(match.getName());
            }
        }
        return ARABIC_WINDOWS;
    }

    /** The readable text of an HTML body, quoted replies and signatures removed when {@code trim}. */
    static String fromHtml(String html, boolean trim) {
        Document doc = Jsoup.parse(html);
        doc.select("script, style, head, title").remove();
        if (trim) {
            doc.select("blockquote, .gmail_quote, .gmail_signature, .moz-cite-prefix, .moz-signature, "
                    + "#divRplyFwdMsg, #appendonsend, #Signature, .yahoo_quoted, div[name=messageReplySection]")
                    .remove();
        }
        Element body = doc.body();
        var out = new StringBuilder();
        NodeTraversor.traverse(new NodeVisitor() {
            @Override
            public void head(org.jsoup.nodes.Node node, int depth) {
                if (node instanceof TextNode text) {
                    out.append(text.text());
                } else if (node instanceof Element element && (element.nameIs("br") || element.isBlock())) {
                    newline(out);
                }
            }

            @Override
            public void tail(org.jsoup.nodes.Node node, int depth) {
                if (node instanceof Element element && element.isBlock()) {
                    newline(out);
                }
            }
        }, body);
        return tidy(out.toString());
    }

    /** What the beneficiary wrote this time: the text up to the quoted earlier mail or the signature. */
    static String newPart(String text) {
        String[] lines = text.split("\r?\n", -1);
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String stripped = line.strip();
            boolean outlookBlock = OUTLOOK_FROM.matcher(stripped).matches() && i + 1 < lines.length
                    && OUTLOOK_NEXT.matcher(lines[i + 1].strip()).matches();
            if (stripped.equals("--") || outlookBlock || QUOTE_HEADER.matcher(stripped).matches()) {
                break;
            }
            if (stripped.startsWith(">") || SENT_FROM.matcher(stripped).matches()) {
                continue;
            }
            kept.add(line);
        }
        String trimmed = tidy(String.join("\n", kept));
        // Nothing of one's own above the quoted block (a forward that opens with a rule): the whole text is the news.
        return trimmed.codePoints().noneMatch(Character::isLetterOrDigit) ? tidy(text) : trimmed;
    }

    /** Spaces normalised, no more than one empty line in a row, trimmed. */
    static String tidy(String text) {
        return text.replace('\u00A0', ' ').replaceAll("[ \\t]+\\n", "\n").replaceAll("\\n{3,}", "\n\n").strip();
    }

    private static void newline(StringBuilder out) {
        if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
            out.append('\n');
        }
    }
}
