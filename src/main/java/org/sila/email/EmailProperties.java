package org.sila.email;

import java.time.Duration;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The email channel. It is on when {@code sila.email.imap.host} is set; passwords have no defaults.
 *
 * @param imap               the mailbox beneficiaries write to
 * @param smtp               the server replies leave through
 * @param from               the hub's address with its display name, e.g. {@code جمعية البر <care@albirr.org.sa>};
 *                           mail from it is never taken in (loop guard)
 * @param maxAttachmentSize  the largest file kept from an inbound mail; larger ones are refused and the sender told
 * @param maxAttachments     how many files of one mail are kept; the rest are refused and the sender told
 */
@ConfigurationProperties("sila.email")
record EmailProperties(
        @DefaultValue Imap imap,
        @DefaultValue Smtp smtp,
        String from,
        @DefaultValue("10MB") DataSize maxAttachmentSize,
        @DefaultValue("10") int maxAttachments) {

    /**
     * @param ssl          IMAPS (port 993 by default) rather than plain IMAP (143)
     * @param folder       the folder read
     * @param pollInterval how often the folder is checked when the server has no IDLE; with IDLE, how long one IDLE
     *                     may last before the connection is checked again
     */
    record Imap(String host, Integer port, String username, String password,
                @DefaultValue("true") boolean ssl, @DefaultValue("INBOX") String folder,
                @DefaultValue("60s") Duration pollInterval) {

        int effectivePort() {
            return port != null ? port : ssl ? 993 : 143;
        }
    }

    /**
     * @param starttls require STARTTLS (port 587 by default); false: plain SMTP (port 25, for a local relay)
     * @param ssl      TLS from the first byte, SMTPS (port 465 by default), as some providers require; STARTTLS is
     *                 then moot
     * @param trust    hosts (space-separated) whose certificate is accepted without a public authority: a relay in
     *                 the association's own network; the host name is still checked against the certificate
     * @param maxFiles the most a reply's files may weigh together: mail servers refuse messages over about 25 MB,
     *                 and base64 makes a file a third larger on the way
     */
    record Smtp(String host, Integer port, String username, String password,
                @DefaultValue("true") boolean starttls, @DefaultValue("false") boolean ssl, String trust,
                @DefaultValue("18MB") DataSize maxFiles) {

        int effectivePort() {
            return port != null ? port : ssl ? 465 : starttls ? 587 : 25;
        }

        String protocol() {
            return ssl ? "smtps" : "smtp";
        }
    }

    /** The parsed {@link #from} address; fails with a clear message when it is missing or not an address. */
    InternetAddress fromAddress() {
        if (from == null || from.isBlank()) {
            throw new IllegalStateException("sila.email.from must be set when the email channel is on");
        }
        try {
            InternetAddress parsed = new InternetAddress(from.strip(), true);
            return new InternetAddress(parsed.getAddress().toLowerCase(java.util.Locale.ROOT), parsed.getPersonal(),
                    "UTF-8");
        } catch (AddressException | java.io.UnsupportedEncodingException e) {
            throw new IllegalStateException("sila.email.from is not an address: " + from, e);
        }
    }
}
