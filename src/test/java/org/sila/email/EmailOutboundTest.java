package org.sila.email;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.util.MailConnectException;
import org.junit.jupiter.api.Test;
import org.sila.channel.ChannelType;
import org.sila.channel.OutboundMessage;

import static org.assertj.core.api.Assertions.assertThat;

/** How replies are written and how the SMTP server's answers are read (real Angus exceptions). */
class EmailOutboundTest {

    private final OutboundMailComposer composer;

    EmailOutboundTest() throws Exception {
        composer = new OutboundMailComposer(Session.getInstance(new Properties()),
                new InternetAddress("care@albirr.test", "جمعية البر", "UTF-8"));
    }

    private static OutboundMessage reply(String text, List<String> inReplyTo, Map<String, String> metadata) {
        return new OutboundMessage("m1", ChannelType.EMAIL, "fatima@example.sa", text, List.of(), List.of(), inReplyTo,
                null, false, 1, metadata, null);
    }

    @Test
    void aReplyKeepsTheThreadAndTheCaseReferenceAndLeavesOutMadeUpIds() throws Exception {
        var mail = composer.compose(reply("<b>نص</b> & سطر\nثانٍ", List.of("new@x.sa", "sha256:abcd", "old@x.sa"),
                Map.of("threadSubject", "طلب مساعدة", "caseReference", "SR-2026-000123")));
        assertThat(mail.getSubject()).isEqualTo("Re: طلب مساعدة [SR-2026-000123]");
        assertThat(mail.getHeader("In-Reply-To", null)).isEqualTo("<new@x.sa>");
        assertThat(mail.getHeader("References", null)).isEqualTo("<old@x.sa> <new@x.sa>");
        assertThat(mail.getHeader("Auto-Submitted")).isNull();
        assertThat(mail.getMessageID()).isEqualTo("<sila.m1@albirr.test>");
        String html = OutboundMailComposer.html("<b>نص</b> & سطر\nثانٍ");
        assertThat(html).contains("dir=\"rtl\"").contains("&lt;b&gt;نص&lt;/b&gt; &amp; سطر<br>").doesNotContain("<b>");
        assertThat(OutboundMailComposer.html("Hello")).contains("dir=\"ltr\"");
        assertThat(composer.subject(reply("x", List.of(), Map.of("threadSubject", "RE: already")))).isEqualTo("RE: already");
        assertThat(composer.subject(reply("x", List.of(), Map.of()))).isEqualTo("رسالة من جمعية البر");
    }

    @Test
    void permanentRejectionsFailWithTheServersReplyAndTheRestIsRetried() {
        var rejected = new SendFailedException("Invalid Addresses", new SMTPAddressFailedException(
                new InternetAddress(), "RCPT TO", 550, "550 5.1.1 <nobody@example.sa>: Recipient address rejected"));
        var permanent = EmailSender.classify(rejected);
        assertThat(permanent.isRetryable()).isFalse();
        assertThat(permanent.code()).isEqualTo("SMTP_550");
        assertThat(permanent.getMessage()).contains("Recipient address rejected");

        var greylisted = EmailSender.classify(new SMTPSendFailedException("DATA", 451,
                "451 4.7.1 Greylisted, try again later", null, null, null, null));
        assertThat(greylisted.isRetryable()).isTrue();
        assertThat(greylisted.code()).isEqualTo("SMTP_451");

        var down = EmailSender.classify(new MailConnectException(new org.eclipse.angus.mail.util.SocketConnectException(
                "refused", new java.net.ConnectException(), "127.0.0.1", 25, 1000)));
        assertThat(down.isRetryable()).isTrue();
        assertThat(EmailSender.classify(new MessagingException("connection reset")).isRetryable()).isTrue();
    }
}
