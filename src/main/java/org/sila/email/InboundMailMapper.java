package org.sila.email;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import org.sila.channel.Attachment;
import org.eclipse.angus.mail.dsn.DeliveryStatus;
import org.eclipse.angus.mail.dsn.MultipartReport;
import org.sila.channel.ChannelType;
import org.sila.channel.DeliveryUpdate;
import org.sila.channel.InboundMessage;
import org.sila.channel.Sender;

/**
 * Turns one raw mail into what the hub stores: an {@link InboundMessage}, or the reason it is ignored (auto-replies,
 * bounces, the hub's own mail). A mail that cannot be read is not dropped: {@link #keptAside} makes a message for
 * staff carrying the reason and the raw mail.
 */
final class InboundMailMapper {

    static final String META_SUBJECT = "subject";
    /** The whole decoded body, when quoted earlier mail or a signature was trimmed from {@code text}. */
    static final String META_FULL_TEXT = "fullText";
    /** A case reference found in the subject, e.g. {@code SR-2026-000123}. */
    static final String META_CASE_REFERENCE = InboundMessage.META_CASE_REFERENCE;
    /** Why the mail could not be read; the message carries the raw mail as an attachment for staff. */
    static final String META_MALFORMED = "emailMalformed";

    /** Between a Message-ID and its sender in an inbound mail's external id. */
    static final String FROM = " from ";
    /** Subjects of forwarded mail: Fwd:, FW:, TR:, WG:, RV:, إعادة توجيه: */
    private static final Pattern FORWARD = Pattern.compile("^\\s*(fwd?|fw|tr|wg|rv|enc|إعادة توجيه|اعادة توجيه)\\s*:",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern UUENCODED = Pattern.compile("(?ms)^begin [0-7]{3,4} ([^\\r\\n]+)\\r?\\n(.*?)^end[ \\t]*$");
    private static final Pattern CASE_REFERENCE = Pattern.compile("\\b([A-Z]{2}-\\d{4}-\\d{6})\\b");
    private static final Pattern MESSAGE_ID = Pattern.compile("<([^<>\\s]+)>");

    private final Session session;
    private final String ownAddress;
    private final long maxAttachmentBytes;
    private final int maxAttachments;
    /** The note kept as the text of a mail that could not be read, before the reason (templates, for staff). */
    private final String unreadableNote;

    InboundMailMapper(String ownAddress, long maxAttachmentBytes, int maxAttachments, String unreadableNote) {
        this.unreadableNote = unreadableNote;
        this.session = Session.getInstance(sessionProperties());
        this.ownAddress = ownAddress.toLowerCase(Locale.ROOT);
        this.maxAttachmentBytes = maxAttachmentBytes;
        this.maxAttachments = maxAttachments;
    }

    /** Lenient parsing: what mailers in the wild send (raw UTF-8 headers, sloppy addresses). */
    static Properties sessionProperties() {
        var props = new Properties();
        props.put("mail.mime.allowutf8", "true");
        props.put("mail.mime.decodetext.strict", "false");
        props.put("mail.mime.address.strict", "false");
        props.put("mail.mime.decodefilename", "true");
        props.put("mail.mime.decodeparameters", "true");
        return props;
    }

    /** What became of one mail. */
    sealed interface Outcome {
        record Take(InboundMessage message) implements Outcome {
        }

        record Ignore(String reason) implements Outcome {
        }

        /** A report that one of the hub's own mails could not be delivered. */
        record Bounce(DeliveryUpdate update, String recipient) implements Outcome {
        }
    }

    /**
     * @throws MessagingException or IOException when the mail cannot be read; the caller keeps it aside
     */
    Outcome map(byte[] raw) throws MessagingException, IOException {
        MimeMessage mail = new MimeMessage(session, new ByteArrayInputStream(raw));
        Outcome.Bounce bounce = bounce(mail);
        if (bounce != null) {
            return bounce;
        }
        String ignored = ignoreReason(mail);
        if (ignored != null) {
            return new Outcome.Ignore(ignored);
        }
        Sender sender = sender(mail);
        if (sender == null) {
            throw new MessagingException("The mail has no readable From address");
        }
        String externalId = externalId(mail, raw, sender);
        var body = new Body();
        collect(mail, body);
        String full = MailText.tidy(body.text.toString());
        String fresh = MailText.tidy(body.fresh.toString());
        String subject = subject(mail, raw);
        if (fresh.isEmpty() || (subject != null && FORWARD.matcher(subject).find())) {
            fresh = full; // in a forward, the forwarded mail is what the beneficiary brings
        }
        if (fresh.isEmpty() && body.attachments.isEmpty() && subject != null) {
            fresh = subject; // all they wrote is the subject line
        }

        Map<String, String> metadata = new HashMap<>();
        if (subject != null) {
            metadata.put(META_SUBJECT, subject);
            Matcher reference = CASE_REFERENCE.matcher(subject);
            if (reference.find()) {
                metadata.put(META_CASE_REFERENCE, reference.group(1));
            }
        }
        if (!fresh.equals(full)) {
            metadata.put(META_FULL_TEXT, full);
        }
        if (!body.rejected.isEmpty()) {
            metadata.put(InboundMessage.META_ATTACHMENTS_REJECTED, String.join("\n", body.rejected));
            metadata.put(InboundMessage.META_ATTACHMENT_LIMIT_BYTES, Long.toString(maxAttachmentBytes));
        }
        return new Outcome.Take(new InboundMessage(ChannelType.EMAIL, externalId, sender, fresh, body.attachments,
                mail.getSentDate() == null ? null : mail.getSentDate().toInstant(), null, threadIds(mail, sender),
                metadata));
    }

    /**
     * A message for staff about a mail that could not be read: the reason, what could be told of the sender and the
     * subject, and the raw mail as a {@code message/rfc822} attachment (cut at the attachment limit).
     */
    InboundMessage keptAside(byte[] raw, String reason) {
        String externalId = "sha256:" + sha256(headerBytes(raw));
        Sender sender = null;
        String subject = null;
        try {
            MimeMessage mail = new MimeMessage(session, new ByteArrayInputStream(raw));
            sender = sender(mail);
            externalId = externalId(mail, raw, sender);
            subject = subject(mail, raw);
        } catch (MessagingException | RuntimeException unreadable) {
            // the headers are unreadable too: the hash of the raw headers stays the id
        }
        if (sender == null) {
            sender = Sender.of("unknown-sender@email.invalid");
        }
        Map<String, String> metadata = new HashMap<>();
        metadata.put(META_MALFORMED, reason);
        metadata.put(InboundMessage.META_HANDOFF, "true");
        if (subject != null) {
            metadata.put(META_SUBJECT, subject);
        }
        byte[] kept = raw.length <= maxAttachmentBytes ? raw : java.util.Arrays.copyOf(raw, (int) maxAttachmentBytes);
        String text = unreadableNote + ": " + reason;
        return new InboundMessage(ChannelType.EMAIL, externalId, sender, text,
                List.of(new Attachment("original.eml", "message/rfc822", kept)), null, null, List.of(), metadata);
    }

    // ---- guards --------------------------------------------------------------------------------------------

    /**
     * A delivery status notification (RFC 3464) that a mail the hub sent failed for good: the hub's Message-ID, taken
     * from the returned message or its headers, and the status code and diagnostic for staff. Delays and reports on
     * mail the hub did not send are not bounces; they are ignored like any other report.
     */
    private Outcome.Bounce bounce(MimeMessage mail) throws MessagingException {
        if (!mail.isMimeType("multipart/report")) {
            return null;
        }
        MultipartReport report = new MultipartReport(mail.getDataHandler().getDataSource());
        if (!(report.getReport() instanceof DeliveryStatus status)) {
            return null;
        }
        MimeMessage returned = report.getReturnedMessage();
        Matcher id = MESSAGE_ID.matcher(returned == null ? "" : Objects.toString(returned.getMessageID(), ""));
        if (!id.find() || !id.group(1).startsWith(OutboundMailComposer.MESSAGE_ID_PREFIX)) {
            return null;
        }
        for (int i = 0; i < status.getRecipientDSNCount(); i++) {
            InternetHeaders recipient = status.getRecipientDSN(i);
            if ("failed".equalsIgnoreCase(Objects.toString(recipient.getHeader("Action", null), "").strip())) {
                String code = recipient.getHeader("Status", null);
                String diagnostic = recipient.getHeader("Diagnostic-Code", null);
                String to = recipient.getHeader("Final-Recipient", null);
                to = to == null ? null : to.substring(to.indexOf(';') + 1).strip();
                String why = "bounced" + (to == null ? "" : " by " + to) + (diagnostic == null ? "" : ": "
                        + diagnostic.replaceAll("\\s+", " ").strip());
                return new Outcome.Bounce(new DeliveryUpdate(ChannelType.EMAIL, id.group(1), org.sila.channel.DeliveryStatus.FAILED,
                        code == null ? "BOUNCED" : code.strip(), why, null), to);
            }
        }
        return null;
    }

    /** Auto-replies, bounces and the hub's own mail never enter the store: answering them makes mail loops. */
    private String ignoreReason(MimeMessage mail) throws MessagingException {
        String autoSubmitted = header(mail, "Auto-Submitted");
        if (autoSubmitted != null && !autoSubmitted.split(";")[0].strip().equalsIgnoreCase("no")) {
            return "auto-submitted (" + autoSubmitted.strip() + ")";
        }
        if (header(mail, "X-Autoreply") != null || header(mail, "X-Autorespond") != null) {
            return "auto-reply";
        }
        String precedence = header(mail, "Precedence");
        if (precedence != null && Set.of("bulk", "junk", "auto_reply").contains(precedence.strip().toLowerCase(Locale.ROOT))) {
            return "precedence " + precedence.strip();
        }
        if (mail.isMimeType("multipart/report")) {
            return "delivery report";
        }
        String returnPath = header(mail, "Return-Path");
        if (returnPath != null && returnPath.replaceAll("\\s", "").equals("<>")) {
            return "null return path (bounce)";
        }
        for (Address from : addresses(mail)) {
            if (from instanceof InternetAddress address && address.getAddress() != null) {
                String email = address.getAddress().toLowerCase(Locale.ROOT);
                String local = email.contains("@") ? email.substring(0, email.indexOf('@')) : email;
                if (local.equals("mailer-daemon") || local.equals("postmaster")) {
                    return "bounce from " + email;
                }
                if (email.equals(ownAddress)) {
                    return "sent by the hub itself";
                }
            }
        }
        return null;
    }

    // ---- headers -------------------------------------------------------------------------------------------

    private static Address[] addresses(MimeMessage mail) {
        try {
            Address[] from = mail.getFrom();
            return from == null ? new Address[0] : from;
        } catch (MessagingException unparseable) {
            return new Address[0];
        }
    }

    private static Sender sender(MimeMessage mail) {
        for (Address from : addresses(mail)) {
            if (from instanceof InternetAddress address && address.getAddress() != null
                    && address.getAddress().contains("@")) {
                String name = address.getPersonal();
                return new Sender(address.getAddress().strip().toLowerCase(Locale.ROOT),
                        name == null || name.isBlank() ? null : name.strip(), null, null);
            }
        }
        return null;
    }

    /**
     * The subject as mail clients show it: raw 8-bit bytes in the charset they are in (UTF-8, else detected from
     * the whole mail), encoded words of one charset decoded together ({@link EncodedWords}).
     */
    private static String subject(MimeMessage mail, byte[] raw) {
        byte[] header = rawHeader(raw, "Subject");
        String subject;
        if (header != null) {
            // A subject is a few words: the detector reads them with the mail's body, most likely in one charset.
            byte[] body = java.util.Arrays.copyOfRange(raw, Math.min(raw.length, headerBytes(raw).length),
                    raw.length);
            byte[] sample = java.util.Arrays.copyOf(header, header.length + body.length);
            System.arraycopy(body, 0, sample, header.length, body.length);
            subject = EncodedWords.decode(MailText.decode(header, null, sample));
        } else {
            try {
                subject = EncodedWords.decode(mail.getHeader("Subject", null));
            } catch (MessagingException unreadable) {
                return null;
            }
        }
        return subject == null || subject.isBlank() ? null : subject.strip();
    }

    /** The bytes of a header's value in the raw mail (continuation lines included), or null. */
    static byte[] rawHeader(byte[] raw, String name) {
        byte[] headers = headerBytes(raw);
        String latin = new String(headers, java.nio.charset.StandardCharsets.ISO_8859_1);
        Matcher m = Pattern.compile("(?im)^" + Pattern.quote(name) + "[ \\t]*:[ \\t]*((?:.*)(?:\\r?\\n[ \\t].*)*)")
                .matcher(latin);
        return m.find() ? m.group(1).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1) : null;
    }

    /**
     * The Message-ID without brackets and with its sender ({@code id from address}), or a hash of the raw headers
     * when there is none. A Message-ID is only unique per sender's mailer: another sender's mail reusing one (a
     * badly made mailer, a template) is another mail, so the store's de-duplication must not drop it.
     */
    static String externalId(MimeMessage mail, byte[] raw, Sender sender) throws MessagingException {
        String messageId = messageId(mail);
        return messageId == null ? "sha256:" + sha256(headerBytes(raw))
                : sender == null ? messageId : messageId + FROM + sender.address();
    }

    /** The Message-ID without brackets, or null. */
    static String messageId(MimeMessage mail) throws MessagingException {
        String header = mail.getHeader("Message-ID", null);
        if (header != null) {
            Matcher id = MESSAGE_ID.matcher(header);
            if (id.find()) {
                return id.group(1);
            }
            if (!header.isBlank() && !header.strip().contains(" ")) {
                return header.strip();
            }
        }
        return null;
    }

    /** The Message-ID of a stored inbound mail's id, as other mails name it (Message-IDs hold no spaces). */
    static String messageIdOf(String externalId) {
        int from = externalId.indexOf(FROM);
        return from < 0 ? externalId : externalId.substring(0, from);
    }

    /**
     * In-Reply-To, then References from the newest back: the ids of the mails this one answers; each also as the
     * sender's own earlier mail would be stored, so a follow-up to one's own mail joins its conversation.
     */
    private static List<String> threadIds(MimeMessage mail, Sender sender) throws MessagingException {
        Set<String> ids = new LinkedHashSet<>();
        ids.addAll(ids(header(mail, "In-Reply-To")));
        List<String> references = ids(header(mail, "References"));
        for (int i = references.size() - 1; i >= 0; i--) {
            ids.add(references.get(i));
        }
        List<String> named = new ArrayList<>();
        for (String id : ids) {
            named.add(id);
            named.add(id + FROM + sender.address());
        }
        return named;
    }

    private static List<String> ids(String header) {
        List<String> ids = new ArrayList<>();
        if (header != null) {
            Matcher m = MESSAGE_ID.matcher(header);
            while (m.find()) {
                ids.add(m.group(1));
            }
        }
        return ids;
    }

    private static String header(MimeMessage mail, String name) throws MessagingException {
        return mail.getHeader(name, ",");
    }

    private static byte[] headerBytes(byte[] raw) {
        for (int i = 0; i + 1 < raw.length; i++) {
            if (raw[i] == '\n' && (raw[i + 1] == '\n' || (raw[i + 1] == '\r' && i + 2 < raw.length
                    && raw[i + 2] == '\n'))) {
                return java.util.Arrays.copyOf(raw, i + 1);
            }
        }
        return raw;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- body ----------------------------------------------------------------------------------------------

    private static final class Body {
        final StringBuilder text = new StringBuilder();
        final StringBuilder fresh = new StringBuilder();
        final List<Attachment> attachments = new ArrayList<>();
        final List<String> rejected = new ArrayList<>();
    }

    /**
     * Reads one part into the body. A part that cannot be read (a truncated base64 file, a broken nested
     * multipart) is named among the refused files and the rest of the mail is read as usual: one bad file must
     * not keep the beneficiary's text from the bot.
     */
    private void collect(Part part, Body body) throws MessagingException {
        try {
            collectPart(part, body);
        } catch (IOException | MessagingException | RuntimeException unreadable) {
            if (part instanceof MimeMessage) {
                throw unreadable instanceof MessagingException e ? e
                        : new MessagingException("The mail's body cannot be read: " + unreadable.getMessage());
            }
            body.rejected.add(shownName(part) + ": could not be read (" + firstLine(unreadable) + ")");
        }
    }

    private void collectPart(Part part, Body body) throws MessagingException, IOException {
        if (isAttachment(part)) {
            attach(part, body);
        } else if (part.isMimeType("multipart/alternative")) {
            Multipart alternatives = (Multipart) part.getContent();
            Part chosen = null;
            for (int i = 0; i < alternatives.getCount(); i++) {
                BodyPart candidate = alternatives.getBodyPart(i);
                if (candidate.isMimeType("text/plain")) {
                    chosen = candidate;
                    break;
                }
                if (chosen == null) {
                    chosen = candidate;
                }
            }
            if (chosen != null) {
                collect(chosen, body);
            }
        } else if (part.isMimeType("multipart/*")) {
            Multipart parts = (Multipart) part.getContent();
            for (int i = 0; i < parts.getCount(); i++) {
                collect(parts.getBodyPart(i), body);
            }
        } else if (part.isMimeType("text/plain")) {
            String text = uudecode(text(part), body);
            append(body.text, text);
            append(body.fresh, MailText.newPart(text));
        } else if (part.isMimeType("text/html")) {
            String html = text(part);
            append(body.text, MailText.fromHtml(html, false));
            append(body.fresh, MailText.newPart(MailText.fromHtml(html, true)));
        } else {
            attach(part, body);
        }
    }

    private static void append(StringBuilder out, String text) {
        if (!text.isBlank()) {
            if (out.length() > 0) {
                out.append("\n\n");
            }
            out.append(text);
        }
    }

    private static boolean isAttachment(Part part) throws MessagingException {
        return Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition()) && !part.isMimeType("multipart/*");
    }

    private void attach(Part part, Body body) throws MessagingException, IOException {
        String name = fileName(part);
        byte[] content;
        try (var in = part.getInputStream()) {
            content = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxAttachmentBytes + 1));
        }
        keep(name, baseType(part), content, body);
    }

    private void keep(String name, String contentType, byte[] content, Body body) {
        String shown = name == null ? "(" + contentType + ")" : name;
        if (body.attachments.size() >= maxAttachments) {
            body.rejected.add(shown + ": more than " + maxAttachments + " files in one mail");
        } else if (content.length > maxAttachmentBytes) {
            body.rejected.add(shown + ": larger than " + maxAttachmentBytes + " bytes");
        } else {
            body.attachments.add(new Attachment(name, contentType, content));
        }
    }

    /**
     * Files uuencoded into the text (Lotus Notes, old mailers: {@code begin 644 name} ... {@code end}) become
     * attachments; the text keeps what was written around them.
     */
    private String uudecode(String text, Body body) {
        Matcher m = UUENCODED.matcher(text);
        if (!m.find()) {
            return text;
        }
        var kept = new StringBuilder();
        int at = 0;
        do {
            kept.append(text, at, m.start());
            String name = m.group(1).strip();
            try (var in = MimeUtility.decode(new ByteArrayInputStream(m.group().getBytes(
                    java.nio.charset.StandardCharsets.ISO_8859_1)), "uuencode")) {
                byte[] content = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxAttachmentBytes + 1));
                keep(name, contentTypeOf(name), content, body);
            } catch (IOException | MessagingException broken) {
                body.rejected.add(name + ": could not be read (" + firstLine(broken) + ")");
            }
            at = m.end();
        } while (m.find());
        return kept.append(text.substring(at)).toString();
    }

    private static String contentTypeOf(String fileName) {
        String guessed = java.net.URLConnection.guessContentTypeFromName(fileName);
        return guessed == null ? "application/octet-stream" : guessed;
    }

    private static String fileName(Part part) {
        try {
            String name = part.getFileName();
            return name == null ? null : MimeUtility.decodeText(name);
        } catch (MessagingException | java.io.UnsupportedEncodingException | RuntimeException unreadable) {
            return null; // a name that cannot be decoded: the file is kept under its type
        }
    }

    private static String shownName(Part part) {
        String name = fileName(part);
        if (name != null) {
            return name;
        }
        try {
            return "(" + baseType(part) + ")";
        } catch (MessagingException unreadable) {
            return "(part)";
        }
    }

    private static String firstLine(Exception e) {
        String message = String.valueOf(e.getMessage());
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    private static String baseType(Part part) throws MessagingException {
        try {
            return new ContentType(part.getContentType()).getBaseType().toLowerCase(Locale.ROOT);
        } catch (jakarta.mail.internet.ParseException unparseable) {
            return "application/octet-stream";
        }
    }

    /** A text part decoded from its transfer encoding and its charset (see {@link MailText#decode}). */
    private static String text(Part part) throws MessagingException, IOException {
        String charset = null;
        try {
            charset = new ContentType(part.getContentType()).getParameter("charset");
        } catch (jakarta.mail.internet.ParseException unparseable) {
            // guess the charset
        }
        byte[] bytes;
        try (var in = part.getInputStream()) {
            bytes = in.readAllBytes();
        }
        return MailText.decode(bytes, charset);
    }
}
