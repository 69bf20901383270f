package org.sila.email;

import java.util.Properties;
import java.util.Set;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.sila.channel.Attachment;
import org.sila.channel.ChannelSendException;
import org.sila.channel.ChannelSender;
import org.sila.channel.ChannelType;
import org.sila.channel.OutboundMessage;
import org.sila.channel.SendResult;

/**
 * Sends replies over SMTP. What the server refuses for now (4xx, no connection, failed login) goes back to the
 * outbox for a retry; what it rejects for good (5xx) fails the message with the server's own reply.
 */
final class EmailSender implements ChannelSender {

    private final EmailProperties.Smtp settings;
    private final Session session;
    private final OutboundMailComposer composer;

    EmailSender(EmailProperties.Smtp settings, jakarta.mail.internet.InternetAddress from) {
        this.settings = settings;
        this.session = Session.getInstance(sessionProperties(settings, from.getAddress()));
        this.composer = new OutboundMailComposer(session, from);
    }

    private static Properties sessionProperties(EmailProperties.Smtp settings, String envelopeFrom) {
        var props = new Properties();
        String p = "mail." + settings.protocol() + ".";
        props.put("mail.transport.protocol", settings.protocol());
        props.put(p + "host", settings.host());
        props.put(p + "port", Integer.toString(settings.effectivePort()));
        props.put(p + "from", envelopeFrom);
        props.put(p + "auth", Boolean.toString(settings.username() != null && !settings.username().isBlank()));
        boolean starttls = settings.starttls() && !settings.ssl();
        props.put(p + "starttls.enable", Boolean.toString(starttls));
        props.put(p + "starttls.required", Boolean.toString(starttls));
        props.put(p + "ssl.checkserveridentity", "true");
        if (settings.trust() != null && !settings.trust().isBlank()) {
            props.put(p + "ssl.trust", settings.trust().strip());
        }
        props.put(p + "connectiontimeout", "30000");
        props.put(p + "timeout", "60000");
        props.put(p + "writetimeout", "60000");
        return props;
    }

    @Override
    public Set<ChannelType> channels() {
        return Set.of(ChannelType.EMAIL);
    }

    @Override
    public SendResult send(OutboundMessage message) {
        long files = message.attachments().stream().mapToLong(Attachment::size).sum();
        if (files > settings.maxFiles().toBytes()) {
            throw ChannelSendException.permanent("EMAIL_FILE_REFUSED", "The files are " + files + " bytes; a mail "
                    + "carries at most " + settings.maxFiles().toBytes() + " (sila.email.smtp.max-files)", null);
        }
        MimeMessage mail;
        try {
            mail = composer.compose(message);
        } catch (AddressException e) {
            throw ChannelSendException.permanent("INVALID_ADDRESS", "Not an email address: " + message.recipient(), e);
        } catch (MessagingException e) {
            throw ChannelSendException.permanent("COMPOSE_FAILED", "The mail could not be written: " + e.getMessage(), e);
        }
        try (Transport transport = session.getTransport(settings.protocol())) {
            transport.connect(settings.host(), settings.effectivePort(), blankToNull(settings.username()),
                    blankToNull(settings.password()));
            transport.sendMessage(mail, mail.getAllRecipients());
        } catch (MessagingException e) {
            throw classify(e);
        }
        return SendResult.sent(composer.messageId(message));
    }

    /** 5xx: the server's reply, for good; 4xx, no connection or a failed login: later. */
    static ChannelSendException classify(MessagingException e) {
        int code = -1;
        String reply = null;
        for (Exception ex = e; ex != null; ex = next(ex)) {
            if (ex instanceof SMTPSendFailedException failed && failed.getReturnCode() > 0) {
                code = failed.getReturnCode();
                reply = failed.getMessage();
            } else if (ex instanceof SMTPAddressFailedException failed && failed.getReturnCode() > 0) {
                code = failed.getReturnCode();
                reply = failed.getMessage();
            }
            if (code > 0) {
                break;
            }
        }
        String shown = reply == null ? String.valueOf(e.getMessage()) : reply.strip();
        if (code >= 500) {
            return ChannelSendException.permanent("SMTP_" + code, shown, e);
        }
        if (code >= 400) {
            return ChannelSendException.retryable("SMTP_" + code, shown, null, e);
        }
        if (e instanceof AuthenticationFailedException) {
            // The hub's own settings are wrong: keep the mail queued until someone fixes them.
            return ChannelSendException.retryable("SMTP_AUTH", "The SMTP server refused the login: " + shown, null, e);
        }
        if (e instanceof SendFailedException failed && failed.getInvalidAddresses() != null
                && failed.getInvalidAddresses().length > 0) {
            return ChannelSendException.permanent("INVALID_ADDRESS", shown, e);
        }
        return ChannelSendException.retryable("SMTP_UNAVAILABLE", shown, null, e);
    }

    private static Exception next(Exception ex) {
        if (ex instanceof MessagingException me && me.getNextException() != null && me.getNextException() != ex) {
            return me.getNextException();
        }
        return ex.getCause() instanceof Exception cause && cause != ex ? cause : null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
