package org.sila.email;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Flags;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sila.HubTest;
import org.sila.channel.Attachment;
import org.sila.channel.ChannelType;
import org.sila.channel.DeliveryStatus;
import org.sila.conversation.Conversation;
import org.sila.conversation.ConversationService;
import org.sila.conversation.ConversationStatus;
import org.sila.conversation.Direction;
import org.sila.conversation.Message;
import org.sila.conversation.Reply;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.sila.email.EmailMappingTest.eml;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * The email channel end to end over real IMAP and SMTP (GreenMail): the association's mailbox on one server, the
 * outbound relay (where beneficiaries' mailboxes are) on another, so the relay alone can be taken down.
 */
@HubTest
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS) // stops the IMAP poller with the class
class EmailChannelTest {

    static final String HUB = "care@albirr.test";

    @RegisterExtension
    static final GreenMailExtension mailbox = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort())
            .withPerMethodLifecycle(false);

    static GreenMail relay = startRelay(ServerSetupTest.SMTP.dynamicPort());
    static final int relayPort = relay.getSmtp().getPort();

    @Autowired
    ConversationService conversations;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    ImapInbox inbox;

    private static GreenMail startRelay(ServerSetup setup) {
        GreenMail server = new GreenMail(setup);
        server.start();
        return server;
    }

    @DynamicPropertySource
    static void email(DynamicPropertyRegistry registry) {
        mailbox.setUser(HUB, "care", "secret");
        registry.add("sila.email.imap.host", () -> "127.0.0.1");
        registry.add("sila.email.imap.port", () -> mailbox.getImap().getPort());
        registry.add("sila.email.imap.username", () -> "care");
        registry.add("sila.email.imap.password", () -> "secret");
        registry.add("sila.email.imap.ssl", () -> "false");
        registry.add("sila.email.imap.poll-interval", () -> "200ms");
        registry.add("sila.email.smtp.host", () -> "127.0.0.1");
        registry.add("sila.email.smtp.port", () -> relayPort);
        registry.add("sila.email.smtp.starttls", () -> "false");
        registry.add("sila.email.from", () -> "جمعية البر <" + HUB + ">");
        registry.add("sila.email.smtp.max-files", () -> "1MB");
        // room for an outage of a few seconds at the test backoff (100 ms doubling up to 1 s)
        registry.add("sila.pipeline.max-attempts", () -> "30");
    }

    @AfterAll
    static void stopRelay() {
        relay.stop();
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private static final Session SESSION = Session.getInstance(new Properties());

    private static void deliver(byte[] raw) throws Exception {
        GreenMailUser user = mailbox.getUserManager().getUserByEmail(HUB);
        user.deliver(new MimeMessage(SESSION, new ByteArrayInputStream(raw)));
    }

    private static byte[] mail(String from, String messageId, String subject, String text, String... headers) {
        var out = new StringBuilder()
                .append("From: ").append(from).append("\r\n")
                .append("To: ").append(HUB).append("\r\n")
                .append("Subject: ").append(subject).append("\r\n")
                .append("Message-ID: <").append(messageId).append(">\r\n");
        for (String header : headers) {
            out.append(header).append("\r\n");
        }
        out.append("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n\r\n").append(text).append("\r\n");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The inbound mail with this Message-ID (stored as {@code id from sender}). */
    private Message awaitStored(String messageId) {
        return await().until(() -> find(messageId), java.util.Objects::nonNull);
    }

    private Message find(String messageId) {
        return mongo.findOne(byMessageId(messageId), Message.class);
    }

    private long stored(String messageId) {
        return mongo.count(byMessageId(messageId), Message.class);
    }

    private static org.springframework.data.mongodb.core.query.Query byMessageId(String messageId) {
        return query(where("externalKey").regex("^EMAIL:" + java.util.regex.Pattern.quote(messageId)
                + "( from .*)?$"));
    }

    /** The mail the relay received for {@code to} answering {@code inReplyTo}. */
    private static MimeMessage awaitAnswer(String to, String inReplyTo) {
        return await().until(() -> Arrays.stream(relay.getReceivedMessages()).filter(m -> {
            try {
                return m.getAllRecipients()[0].toString().equals(to)
                        && ("<" + inReplyTo + ">").equals(m.getHeader("In-Reply-To", null));
            } catch (Exception e) {
                return false;
            }
        }).findFirst(), Optional::isPresent).orElseThrow();
    }

    private static boolean seen(String messageId) throws Exception {
        GreenMailUser user = mailbox.getUserManager().getUserByEmail(HUB);
        for (StoredMessage stored : mailbox.getManagers().getImapHostManager().getInbox(user).getMessages()) {
            if (("<" + messageId + ">").equals(stored.getMimeMessage().getMessageID())) {
                return stored.isSet(Flags.Flag.SEEN);
            }
        }
        throw new AssertionError("No mail " + messageId + " in the mailbox");
    }

    // ---- tests ---------------------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({
            "utf8-base64.eml,     utf8-base64.1@mail.example.sa,        fatima.utf8@example.sa,  استفسار عن المساعدات",
            "windows-1256-qp.eml, windows-1256-qp.1@outlook.example.ly, ahmad.cp1256@example.ly, طلب مساعدة",
            "iso-8859-6-8bit.eml, iso-8859-6.1@old.example.sa,          khalid.iso@example.sa,   سؤال"})
    void anArabicMailInEachCharsetIsStoredOnceAndAnsweredInTheSameThread(String file, String messageId,
                                                                         String from, String subject) throws Exception {
        deliver(eml(file));
        deliver(eml(file)); // the same mail twice in the folder (a client copied it back): stored once
        Message in = awaitStored(messageId);
        assertThat(in.text()).isEqualTo("السلام عليكم");
        assertThat(in.details()).containsEntry("subject", subject);
        assertThat(conversations.beneficiary(in.beneficiaryId()).orElseThrow().name()).isNotBlank();

        MimeMessage answer = awaitAnswer(from, messageId);
        assertThat(answer.getSubject()).isEqualTo("Re: " + subject);
        assertThat(answer.getHeader("Subject", null)).startsWith("=?UTF-8?");
        assertThat(answer.getHeader("References", null)).contains("<" + messageId + ">");
        assertThat(answer.getHeader("Auto-Submitted", null)).isEqualTo("auto-replied");
        assertThat(answer.getFrom()[0].toString()).contains(HUB);
        assertThat(answer.isMimeType("multipart/alternative")).isTrue();
        Multipart parts = (Multipart) answer.getContent();
        assertThat(parts.getBodyPart(0).isMimeType("text/plain")).isTrue();
        assertThat((String) parts.getBodyPart(0).getContent()).contains("وعليكم السلام");
        assertThat(parts.getBodyPart(1).isMimeType("text/html")).isTrue();
        assertThat((String) parts.getBodyPart(1).getContent()).contains("dir=\"rtl\"").contains("وعليكم السلام");

        await().until(() -> seen(messageId));
        assertThat(stored(messageId)).isEqualTo(1);
        Message reply = conversations.messages(in.conversationId()).stream()
                .filter(m -> m.direction() == Direction.OUT).findFirst().orElseThrow();
        assertThat(reply.externalId()).isEqualTo(answer.getMessageID().replaceAll("[<>]", ""));
    }

    @Test
    void aStaffMembersFileArrivesAsAMimeAttachmentWithItsNameAndTypeAndOneTooLargeFailsWithTheReason()
            throws Exception {
        String from = "mona.files@example.sa";
        deliver(mail(from, "files.mona@example.sa", "=?UTF-8?B?" + b64("طلب") + "?=", "السلام عليكم"));
        Message in = awaitStored("files.mona@example.sa");
        awaitAnswer(from, "files.mona@example.sa");
        byte[] letter = "%PDF-1.4 خطاب القرار".getBytes(StandardCharsets.UTF_8);

        Message reply = conversations.reply(in.conversationId(), Reply.fromStaff("sara", "مرفق خطاب القرار"),
                List.of(new Attachment("خطاب القرار.pdf", "application/pdf", letter)));

        MimeMessage mail = await().until(() -> Arrays.stream(relay.getReceivedMessages()).filter(m -> {
            try {
                return m.getMessageID().contains(reply.id());
            } catch (Exception e) {
                return false;
            }
        }).findFirst(), Optional::isPresent).orElseThrow();
        assertThat(mail.isMimeType("multipart/mixed")).isTrue();
        Multipart mixed = (Multipart) mail.getContent();
        assertThat(mixed.getCount()).isEqualTo(2);
        assertThat(mixed.getBodyPart(0).isMimeType("multipart/alternative")).isTrue();
        var file = mixed.getBodyPart(1);
        assertThat(file.getDisposition()).isEqualTo(jakarta.mail.Part.ATTACHMENT);
        assertThat(jakarta.mail.internet.MimeUtility.decodeText(file.getFileName())).isEqualTo("خطاب القرار.pdf");
        assertThat(file.isMimeType("application/pdf")).isTrue();
        assertThat(file.getInputStream().readAllBytes()).isEqualTo(letter);
        await().until(() -> conversations.message(reply.id()).orElseThrow().status() == DeliveryStatus.SENT);

        Message tooLarge = conversations.reply(in.conversationId(), Reply.fromStaff("sara", "نسخة كاملة"),
                List.of(new Attachment("scan.pdf", "application/pdf", new byte[1_100_000])));
        Message failed = await().until(() -> conversations.message(tooLarge.id()).orElseThrow(),
                m -> m.status() == DeliveryStatus.FAILED);
        assertThat(failed.errorCode()).isEqualTo("EMAIL_FILE_REFUSED");
        assertThat(failed.error()).contains("1100000", "1048576");
        assertThat(relay.getReceivedMessages()).noneMatch(m -> {
            try {
                return m.getMessageID().contains(tooLarge.id());
            } catch (Exception e) {
                return false;
            }
        });
    }

    @Test
    void aReplyToTheAnswerJoinsTheConversationEvenOnceResolved() throws Exception {
        String from = "huda@example.sa";
        deliver(mail(from, "first.huda@example.sa", "=?UTF-8?B?" + b64("مساعدة") + "?=", "السلام عليكم"));
        Message first = awaitStored("first.huda@example.sa");
        MimeMessage answer = awaitAnswer(from, "first.huda@example.sa");
        String answerId = answer.getMessageID().replaceAll("[<>]", "");
        conversations.changeStatus(first.conversationId(), ConversationStatus.RESOLVED, null);

        deliver(mail(from, "second.huda@example.sa", "Re: =?UTF-8?B?" + b64("مساعدة") + "?=",
                "شكراً، عندي سؤال آخر", "In-Reply-To: <" + answerId + ">",
                "References: <first.huda@example.sa> <" + answerId + ">"));
        Message second = awaitStored("second.huda@example.sa");
        assertThat(second.conversationId()).isEqualTo(first.conversationId());
        Conversation reopened = conversations.conversation(first.conversationId()).orElseThrow();
        assertThat(reopened.status()).isNotEqualTo(ConversationStatus.RESOLVED);
        assertThat(reopened.openKey()).isEqualTo("EMAIL:" + from);

        // a new mail without threading headers, while that conversation is open, lands there too; a stranger
        // quoting the same ids does not
        deliver(mail("stranger@example.sa", "stranger.1@example.sa", "x", "hello",
                "In-Reply-To: <" + answerId + ">"));
        assertThat(awaitStored("stranger.1@example.sa").conversationId()).isNotEqualTo(first.conversationId());
    }

    @Test
    void mailThatArrivedWhileTheHubWasDownIsAllFetchedOnce() throws Exception {
        deliver(mail("before@example.sa", "before.1@example.sa", "x", "مرحبا"));
        awaitStored("before.1@example.sa");
        inbox.stop();
        List<String> ids = List.of("down.1@example.sa", "down.2@example.sa", "down.3@example.sa");
        for (String id : ids) {
            deliver(mail("downtime@example.sa", id, "x", "رسالة " + id));
        }
        // staff read one in webmail meanwhile: it is still taken in
        GreenMailUser user = mailbox.getUserManager().getUserByEmail(HUB);
        mailbox.getManagers().getImapHostManager().getInbox(user).getMessages().stream()
                .filter(m -> {
                    try {
                        return "<down.2@example.sa>".equals(m.getMimeMessage().getMessageID());
                    } catch (Exception e) {
                        return false;
                    }
                }).forEach(m -> m.setFlag(Flags.Flag.SEEN, true));
        assertThat(ids).allSatisfy(id -> assertThat(stored(id)).isZero());

        inbox.start();
        for (String id : ids) {
            assertThat(awaitStored(id).text()).isEqualTo("رسالة " + id);
        }
        await().until(() -> seen("down.3@example.sa"));
        inbox.stop();
        inbox.start(); // and a restart takes nothing twice
        deliver(mail("downtime@example.sa", "down.4@example.sa", "x", "بعد"));
        awaitStored("down.4@example.sa");
        assertThat(ids).allSatisfy(id -> assertThat(stored(id)).isEqualTo(1));
        assertThat(stored("before.1@example.sa")).isEqualTo(1);
    }

    @Test
    void autoRepliesAndBouncesAreIgnoredAndMarkedSeen() throws Exception {
        deliver(eml("auto-reply.eml"));
        deliver(eml("bounce.eml"));
        deliver(mail(HUB, "own.1@albirr.test", "x", "the hub's own mail"));
        deliver(mail("after.noise@example.sa", "after.noise@example.sa", "x", "بعد الضجيج"));
        awaitStored("after.noise@example.sa"); // taken in UID order: the ones before it were dealt with
        await().until(() -> seen("bounce.1@mx.example.sa") && seen("auto-reply.1@mail.example.sa"));
        assertThat(stored("auto-reply.1@mail.example.sa")).isZero();
        assertThat(stored("bounce.1@mx.example.sa")).isZero();
        assertThat(stored("own.1@albirr.test")).isZero();
    }

    @Test
    void aBounceOfTheHubsAnswerMarksItFailedForStaff() throws Exception {
        deliver(mail("gone@example.sa", "gone.1@example.sa", "سؤال", "السلام عليكم"));
        MimeMessage answer = awaitAnswer("gone@example.sa", "gone.1@example.sa");
        String report = new String(eml("bounce-of-hub-mail.eml"), StandardCharsets.US_ASCII)
                .replace("<sila.6b0270791f35e23ba17c984f@albirr.test>", answer.getMessageID())
                .replace("bounce.hub.1@mx.albirr.test", "bounce.gone.1@mx.albirr.test");
        deliver(report.getBytes(StandardCharsets.US_ASCII));

        Message in = awaitStored("gone.1@example.sa");
        Message failed = await().until(() -> conversations.messages(in.conversationId()).stream()
                .filter(m -> m.direction() == Direction.OUT && m.status() == DeliveryStatus.FAILED).findFirst(),
                Optional::isPresent).orElseThrow();
        assertThat(("<" + failed.externalId() + ">")).isEqualTo(answer.getMessageID());
        assertThat(failed.errorCode()).isEqualTo("5.1.1");
        assertThat(failed.error()).contains("User unknown");
        await().until(() -> seen("bounce.gone.1@mx.albirr.test"));
        assertThat(stored("bounce.gone.1@mx.albirr.test")).isZero();
    }

    @Test
    void aMalformedMailIsKeptAsideAndTheNextOneStillArrives() throws Exception {
        deliver(eml("malformed.eml"));
        deliver(mail("after.malformed@example.sa", "after.malformed@example.sa", "x", "رسالة سليمة"));
        assertThat(awaitStored("after.malformed@example.sa").text()).isEqualTo("رسالة سليمة");
        Message aside = awaitStored("malformed.1@example.sa");
        assertThat(aside.details()).containsKey(InboundMailMapper.META_MALFORMED).containsEntry("handoff", "true");
        assertThat(aside.address()).isEqualTo("broken@example.sa");
        assertThat(aside.attachments()).singleElement()
                .satisfies(a -> assertThat(a.contentType()).isEqualTo("message/rfc822"));
        await().until(() -> seen("malformed.1@example.sa"));
    }

    @Test
    void anSmtpOutageIsRetriedUntilDelivered() throws Exception {
        relay.stop();
        try {
            deliver(mail("outage@example.sa", "outage.1@example.sa", "x", "السلام عليكم"));
            Message in = awaitStored("outage.1@example.sa");
            Message queued = await().until(() -> conversations.messages(in.conversationId()).stream()
                    .filter(m -> m.direction() == Direction.OUT && m.attempts() >= 2).findFirst(), Optional::isPresent)
                    .orElseThrow();
            assertThat(queued.status()).isEqualTo(DeliveryStatus.QUEUED);
            assertThat(queued.errorCode()).isEqualTo("SMTP_UNAVAILABLE");
        } finally {
            relay = startRelay(new ServerSetup(relayPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        }
        MimeMessage answer = awaitAnswer("outage@example.sa", "outage.1@example.sa");
        assertThat(answer.getSubject()).isEqualTo("Re: x");
        Message in = find("outage.1@example.sa");
        await().until(() -> conversations.messages(in.conversationId()).stream()
                .anyMatch(m -> m.direction() == Direction.OUT && m.status() == DeliveryStatus.SENT));
    }

    @Test
    void aMailWithOnlyAFileIsAskedWhatToDoWithIt() throws Exception {
        String from = "only.file@example.sa";
        String raw = "From: " + from + "\r\nTo: " + HUB + "\r\nSubject: \r\nMessage-ID: <only.file.1@example.sa>\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
                + "Content-Type: application/pdf; name=\"id-card.pdf\"\r\n"
                + "Content-Disposition: attachment; filename=\"id-card.pdf\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n" + b64("%PDF-1.4 a scanned card") + "\r\n--b--\r\n";
        deliver(raw.getBytes(StandardCharsets.UTF_8));
        Message in = awaitStored("only.file.1@example.sa");
        assertThat(in.text()).isEmpty();
        assertThat(in.attachments()).singleElement().satisfies(a -> assertThat(a.fileName()).isEqualTo("id-card.pdf"));

        MimeMessage answer = awaitAnswer(from, "only.file.1@example.sa");
        Multipart parts = (Multipart) answer.getContent();
        assertThat((String) parts.getBodyPart(0).getContent()).contains("وصلنا ملفك (id-card.pdf)")
                .contains("ماذا تودّ أن نفعل به");
    }

    @Test
    void anotherSendersMailReusingAMessageIdIsStoredToo() throws Exception {
        deliver(mail("first.sender@example.sa", "reused.1@example.sa", "x", "رسالة أولى"));
        deliver(mail("second.sender@example.sa", "reused.1@example.sa", "x", "رسالة ثانية"));
        await().until(() -> stored("reused.1@example.sa") == 2);
        deliver(mail("second.sender@example.sa", "reused.1@example.sa", "x", "رسالة ثانية")); // a real duplicate
        deliver(mail("first.sender@example.sa", "after.reused@example.sa", "x", "بعدها"));
        awaitStored("after.reused@example.sa");
        assertThat(stored("reused.1@example.sa")).isEqualTo(2);
    }

    private static String b64(String s) {
        return java.util.Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
