package org.sila.email;

import java.io.UnsupportedEncodingException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import jakarta.activation.DataHandler;
import org.sila.channel.Attachment;
import org.sila.channel.OutboundMessage;
import org.sila.channel.QuickReply;
import org.springframework.web.util.HtmlUtils;

/**
 * Writes one outbound message as a mail that keeps the beneficiary's thread: {@code In-Reply-To} and
 * {@code References} from the conversation's latest inbound mails, {@code Re:} with their subject (and the case
 * reference, when the hub gives one), plain text beside a simple right-to-left HTML part, an RFC 2047 subject,
 * and {@code Auto-Submitted} on what no person wrote so the beneficiary's own auto-responder stays quiet.
 */
final class OutboundMailComposer {

    /** Metadata key of an explicit subject (a notification's); a reply otherwise takes the thread's. */
    static final String META_SUBJECT = "subject";
    /** Metadata key the outbox fills with the subject of the conversation's latest inbound mail. */
    static final String META_THREAD_SUBJECT = "threadSubject";
    /** Metadata key of a case reference to keep in the subject, e.g. {@code SR-2026-000123}. */
    static final String META_CASE_REFERENCE = InboundMailMapper.META_CASE_REFERENCE;

    private static final Pattern REPLY_PREFIX = Pattern.compile("^\\s*(re|aw|رد)\\s*:", Pattern.CASE_INSENSITIVE);
    private static final Pattern MESSAGE_ID = Pattern.compile("[^<>\\s@]+@[^<>\\s@]+");

    private final Session session;
    private final InternetAddress from;

    OutboundMailComposer(Session session, InternetAddress from) {
        this.session = session;
        this.from = from;
    }

    /** How the Message-IDs of the hub's own mail begin: a bounce is matched to its message by them. */
    static final String MESSAGE_ID_PREFIX = "sila.";

    /** The Message-ID the hub gives a stored message's mail: the same on every retry. */
    String messageId(OutboundMessage message) {
        String address = from.getAddress();
        return MESSAGE_ID_PREFIX + message.messageId() + "@" + address.substring(address.indexOf('@') + 1);
    }

    MimeMessage compose(OutboundMessage message) throws MessagingException {
        String messageId = messageId(message);
        MimeMessage mail = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", "<" + messageId + ">");
            }
        };
        mail.setFrom(from);
        mail.setRecipient(jakarta.mail.Message.RecipientType.TO, new InternetAddress(message.recipient(), true));
        mail.setSubject(subject(message), "UTF-8");
        List<String> thread = threadIds(message.inReplyTo());
        if (!thread.isEmpty()) {
            mail.setHeader("In-Reply-To", "<" + thread.get(0) + ">");
            List<String> references = new ArrayList<>(thread);
            java.util.Collections.reverse(references);
            mail.setHeader("References", String.join(" ", references.stream().map(id -> "<" + id + ">").toList()));
        }
        if (message.origin().byBot()) {
            mail.setHeader("Auto-Submitted", "auto-replied");
            mail.setHeader("X-Auto-Response-Suppress", "All");
        } else if (message.notification()) {
            mail.setHeader("Auto-Submitted", "auto-generated");
            mail.setHeader("X-Auto-Response-Suppress", "All");
        }
        String text = withChoices(message.text(), message.quickReplies());
        MimeMultipart alternative = new MimeMultipart("alternative");
        MimeBodyPart plain = new MimeBodyPart();
        plain.setText(text, "UTF-8", "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(html(text), "UTF-8", "html");
        alternative.addBodyPart(plain);
        alternative.addBodyPart(html);
        if (message.attachments().isEmpty()) {
            mail.setContent(alternative);
        } else {
            MimeMultipart mixed = new MimeMultipart("mixed");
            MimeBodyPart body = new MimeBodyPart();
            body.setContent(alternative);
            mixed.addBodyPart(body);
            for (Attachment attachment : message.attachments()) {
                MimeBodyPart file = new MimeBodyPart();
                file.setDataHandler(new DataHandler(new ByteArrayDataSource(attachment.content(),
                        attachment.contentType())));
                try {
                    file.setFileName(jakarta.mail.internet.MimeUtility.encodeText(attachment.fileName(), "UTF-8", null));
                } catch (UnsupportedEncodingException e) {
                    file.setFileName("attachment");
                }
                file.setDisposition(MimeBodyPart.ATTACHMENT);
                mixed.addBodyPart(file);
            }
            mail.setContent(mixed);
        }
        mail.setSentDate(new java.util.Date());
        mail.saveChanges();
        return mail;
    }

    String subject(OutboundMessage message) {
        String explicit = message.metadata().get(META_SUBJECT);
        String thread = message.metadata().get(META_THREAD_SUBJECT);
        String subject;
        if (explicit != null && !explicit.isBlank()) {
            subject = explicit.strip();
        } else if (thread != null && !thread.isBlank()) {
            subject = REPLY_PREFIX.matcher(thread).find() ? thread.strip() : "Re: " + thread.strip();
        } else {
            String name = from.getPersonal();
            subject = name == null || name.isBlank() ? "رسالة / Message" : "رسالة من " + name;
        }
        String reference = message.metadata().get(META_CASE_REFERENCE);
        if (reference != null && !reference.isBlank() && !subject.contains(reference)) {
            subject = subject + " [" + reference.strip() + "]";
        }
        return subject;
    }

    /** Only real Message-IDs thread: ids the hub made up for mail without one (hashes) are left out. */
    private static List<String> threadIds(List<String> inReplyTo) {
        return inReplyTo.stream().filter(java.util.Objects::nonNull).map(InboundMailMapper::messageIdOf)
                .filter(id -> MESSAGE_ID.matcher(id).matches()).distinct().toList();
    }

    private static String withChoices(String text, List<QuickReply> choices) {
        if (choices.isEmpty()) {
            return text;
        }
        var out = new StringBuilder(text).append("\n");
        for (QuickReply choice : choices) {
            out.append("\n• ").append(choice.title());
        }
        return out.toString();
    }

    /** A simple page: the text escaped, line breaks kept, right to left when it is Arabic. */
    static String html(String text) {
        String direction = rightToLeft(text) ? "rtl" : "ltr";
        String lang = "rtl".equals(direction) ? "ar" : "en";
        String body = HtmlUtils.htmlEscape(text, "UTF-8").replace("\r\n", "\n").replace("\n", "<br>\n");
        return "<!DOCTYPE html>\n<html lang=\"" + lang + "\" dir=\"" + direction + "\">\n<head><meta charset=\"UTF-8\">"
                + "</head>\n<body dir=\"" + direction + "\">\n<div dir=\"" + direction + "\" style=\"text-align:"
                + ("rtl".equals(direction) ? "right" : "left") + ";font-family:Tahoma,Arial,sans-serif;"
                + "font-size:16px;line-height:1.6\">\n" + body + "\n</div>\n</body>\n</html>\n";
    }

    /** True when right-to-left letters (Arabic) outnumber left-to-right ones (a Latin word inside stays fine). */
    static boolean rightToLeft(String text) {
        int rtl = 0;
        int ltr = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            byte dir = Character.getDirectionality(cp);
            if (dir == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC || dir == Character.DIRECTIONALITY_RIGHT_TO_LEFT) {
                rtl++;
            } else if (dir == Character.DIRECTIONALITY_LEFT_TO_RIGHT) {
                ltr++;
            }
            i += Character.charCount(cp);
        }
        return rtl > 0 && rtl >= ltr;
    }
}
