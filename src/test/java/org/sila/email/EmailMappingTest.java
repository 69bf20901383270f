package org.sila.email;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.sila.channel.Attachment;
import org.sila.channel.ChannelType;
import org.sila.channel.DeliveryStatus;
import org.sila.channel.InboundMessage;

import static org.assertj.core.api.Assertions.assertThat;

/** Real mails (payloads/email/*.eml) through Jakarta Mail into what the hub stores. */
class EmailMappingTest {

    /** The staff note the hub takes from templates (delivery.unreadable-mail). */
    static final String UNREADABLE = "This mail could not be read and was kept as received for staff";

    private final InboundMailMapper mapper = new InboundMailMapper("care@albirr.test", 1000, 2, UNREADABLE);

    static byte[] eml(String name) {
        try (InputStream in = EmailMappingTest.class.getResourceAsStream("/payloads/email/" + name)) {
            return in.readAllBytes();
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("No sample " + name, e);
        }
    }

    private InboundMessage take(String name) throws Exception {
        var outcome = mapper.map(eml(name));
        assertThat(outcome).isInstanceOf(InboundMailMapper.Outcome.Take.class);
        return ((InboundMailMapper.Outcome.Take) outcome).message();
    }

    @ParameterizedTest
    @CsvSource({
            "utf8-base64.eml,          fatima.utf8@example.sa,  فاطمة الزهراني, استفسار عن المساعدات, utf8-base64.1@mail.example.sa",
            "windows-1256-qp.eml,      ahmad.cp1256@example.ly, أحمد الطرابلسي, طلب مساعدة,           windows-1256-qp.1@outlook.example.ly",
            "iso-8859-6-8bit.eml,      khalid.iso@example.sa,   خالد,           سؤال,                 iso-8859-6.1@old.example.sa"})
    void arabicInEveryCharsetIsDecoded(String file, String address, String name, String subject, String messageId)
            throws Exception {
        InboundMessage in = take(file);
        assertThat(in.channel()).isEqualTo(ChannelType.EMAIL);
        assertThat(in.text()).isEqualTo("السلام عليكم");
        assertThat(in.sender().address()).isEqualTo(address);
        assertThat(in.sender().displayName()).isEqualTo(name);
        assertThat(in.metadata()).containsEntry("subject", subject);
        assertThat(in.externalId()).isEqualTo(messageId + " from " + address); // de-duplicated per sender
        assertThat(InboundMailMapper.messageIdOf(in.externalId())).isEqualTo(messageId);
        assertThat(in.sentAt()).isNotNull();
    }

    @Test
    void htmlOnlyMailBecomesCleanTextWithTheQuoteAndSignatureTrimmedButKept() throws Exception {
        InboundMessage in = take("html-only-reply.eml");
        assertThat(in.text()).isEqualTo("شكراً لكم، متى يصل الرد على طلبي؟");
        assertThat(in.metadata().get(InboundMailMapper.META_FULL_TEXT))
                .contains("شكراً لكم").contains("مريم").contains("تم استلام طلبك <رقم>").doesNotContain("color:red");
        assertThat(in.metadata()).containsEntry(InboundMessage.META_CASE_REFERENCE, "SR-2026-000123")
                .containsEntry("subject", "Re: متابعة الطلب [SR-2026-000123]");
        assertThat(in.inReplyTo()).containsExactly("sila.abc@albirr.test",
                "sila.abc@albirr.test from maryam.html@example.sa", "first.1@mail.example.sa",
                "first.1@mail.example.sa from maryam.html@example.sa");
    }

    @Test
    void aPlainReplyLosesItsQuoteAndSignatureAndWithoutMessageIdIsKnownByItsHeaders() throws Exception {
        InboundMessage in = take("plain-quoted-no-message-id.eml");
        assertThat(in.text()).isEqualTo("أرسلت لكم الأوراق المطلوبة.");
        assertThat(in.metadata().get(InboundMailMapper.META_FULL_TEXT)).contains("> الرجاء إرسال الأوراق");
        assertThat(in.metadata()).containsEntry("subject", "Re: طلب");
        assertThat(in.externalId()).startsWith("sha256:").isEqualTo(take("plain-quoted-no-message-id.eml").externalId());
    }

    @ParameterizedTest
    @CsvSource({"auto-reply.eml, auto-submitted", "bounce.eml, delivery report"})
    void autoRepliesAndBouncesAreIgnored(String file, String reason) throws Exception {
        var outcome = mapper.map(eml(file));
        assertThat(outcome).isInstanceOfSatisfying(InboundMailMapper.Outcome.Ignore.class,
                ignore -> assertThat(ignore.reason()).contains(reason));
    }

    @Test
    void aBounceOfTheHubsOwnMailFailsThatMessageWithTheServersReason() throws Exception {
        var outcome = mapper.map(eml("bounce-of-hub-mail.eml"));
        assertThat(outcome).isInstanceOfSatisfying(InboundMailMapper.Outcome.Bounce.class, bounce -> {
            assertThat(bounce.update().channel()).isEqualTo(ChannelType.EMAIL);
            assertThat(bounce.update().externalId()).isEqualTo("sila.6b0270791f35e23ba17c984f@albirr.test");
            assertThat(bounce.update().status()).isEqualTo(DeliveryStatus.FAILED);
            assertThat(bounce.update().errorCode()).isEqualTo("5.1.1");
            assertThat(bounce.update().errorMessage()).isEqualTo("bounced by nobody@example.sa: smtp; 550 5.1.1 "
                    + "<nobody@example.sa>: Recipient address rejected: User unknown in virtual mailbox table");
            assertThat(bounce.recipient()).isEqualTo("nobody@example.sa");
        });
    }

    @ParameterizedTest
    @CsvSource({"Action: failed, Action: delayed", "sila.6b02, someone.else.6b02"})
    void aDelayOrABounceOfMailTheHubDidNotSendIsOnlyIgnored(String from, String to) throws Exception {
        byte[] raw = new String(eml("bounce-of-hub-mail.eml"), StandardCharsets.US_ASCII).replace(from, to)
                .getBytes(StandardCharsets.US_ASCII);
        assertThat(mapper.map(raw)).isInstanceOf(InboundMailMapper.Outcome.Ignore.class);
    }

    @Test
    void theHubsOwnMailIsIgnored() throws Exception {
        var own = new String(eml("utf8-base64.eml"), java.nio.charset.StandardCharsets.US_ASCII)
                .replace("fatima.utf8@example.sa", "Care@Albirr.test").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(mapper.map(own)).isInstanceOf(InboundMailMapper.Outcome.Ignore.class);
    }

    @Test
    void aMalformedMailIsKeptAsideWithItsReasonTheSenderAndTheRawMail() {
        byte[] raw = eml("malformed.eml");
        Exception failure = null;
        try {
            mapper.map(raw);
        } catch (Exception e) {
            failure = e;
        }
        assertThat(failure).as("the sample must not parse").isNotNull();
        InboundMessage aside = mapper.keptAside(raw, failure.getMessage());
        assertThat(aside.externalId()).isEqualTo("malformed.1@example.sa from broken@example.sa");
        assertThat(aside.sender().address()).isEqualTo("broken@example.sa");
        assertThat(aside.metadata()).containsEntry(InboundMailMapper.META_MALFORMED, failure.getMessage())
                .containsEntry(InboundMessage.META_HANDOFF, "true").containsEntry("subject", "رسالة معطوبة");
        assertThat(aside.attachments()).singleElement().satisfies(a -> {
            assertThat(a.contentType()).isEqualTo("message/rfc822");
            assertThat(a.content()).isEqualTo(raw);
        });
        InboundMessage garbage = mapper.keptAside("\u0000\u0001 not a mail".getBytes(), "unreadable");
        assertThat(garbage.externalId()).startsWith("sha256:");
        assertThat(garbage.sender().address()).isEqualTo("unknown-sender@email.invalid");
    }

    @Test
    void attachmentsOverTheSizeOrCountLimitAreRefusedAndListed() throws Exception {
        InboundMessage in = take("attachments.eml");
        assertThat(in.text()).isEqualTo("مرفق الهوية وعقد الإيجار");
        assertThat(in.attachments()).extracting(Attachment::fileName).containsExactly("هوية.pdf", "note.txt");
        assertThat(in.attachments().get(0).contentType()).isEqualTo("application/pdf");
        assertThat(in.metadata()).containsEntry(InboundMessage.META_ATTACHMENT_LIMIT_BYTES, "1000");
        assertThat(in.metadata().get(InboundMessage.META_ATTACHMENTS_REJECTED)).contains("big.jpg");

        InboundMessage one = ((InboundMailMapper.Outcome.Take) new InboundMailMapper("care@albirr.test", 1000, 1,
                UNREADABLE)
                .map(eml("attachments.eml"))).message();
        assertThat(one.attachments()).extracting(Attachment::fileName).containsExactly("هوية.pdf");
        assertThat(List.of(one.metadata().get(InboundMessage.META_ATTACHMENTS_REJECTED).split("\n")))
                .anySatisfy(line -> assertThat(line).startsWith("big.jpg"))
                .anySatisfy(line -> assertThat(line).startsWith("note.txt").contains("more than 1"));
    }

    @ParameterizedTest
    @CsvSource({"windows-1256", "ISO-8859-6"})
    void arabicWithNoCharsetDeclaredIsDetected(String charset) throws Exception {
        String text = "السلام عليكم، أرجو مساعدتي في طلب السلة الغذائية لأسرتي، فنحن ستة أفراد ودخلنا قليل.";
        byte[] mail = ("From: salem@example.ly\r\nTo: care@albirr.test\r\nSubject: help\r\n"
                + "Message-ID: <nocharset." + charset + "@example.ly>\r\nContent-Type: text/plain\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] body = text.getBytes(java.nio.charset.Charset.forName(charset));
        byte[] raw = java.util.Arrays.copyOf(mail, mail.length + body.length);
        System.arraycopy(body, 0, raw, mail.length, body.length);
        var outcome = mapper.map(raw);
        assertThat(((InboundMailMapper.Outcome.Take) outcome).message().text()).isEqualTo(text);
    }
}
