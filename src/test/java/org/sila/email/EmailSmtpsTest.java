package org.sila.email;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.InternetAddress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sila.channel.ChannelSendException;
import org.sila.channel.ChannelType;
import org.sila.channel.OutboundMessage;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * SMTPS (TLS from the first byte, port 465) to a real server: GreenMail with a certificate for 127.0.0.1 that no
 * public authority signed, so the relay is reached only when the settings trust it, and its name is still checked.
 */
class EmailSmtpsTest {

    static GreenMail relay;

    @BeforeAll
    static void start() {
        System.setProperty("greenmail.tls.keystore.file", Path.of("src/test/resources/tls/relay.p12").toAbsolutePath().toString());
        System.setProperty("greenmail.tls.keystore.password", "changeit");
        System.setProperty("greenmail.tls.key.password", "changeit");
        relay = new GreenMail(ServerSetupTest.SMTPS.dynamicPort());
        relay.start();
    }

    @AfterAll
    static void stop() {
        relay.stop();
        System.clearProperty("greenmail.tls.keystore.file");
        System.clearProperty("greenmail.tls.keystore.password");
        System.clearProperty("greenmail.tls.key.password");
    }

    private static EmailSender sender(String trust) throws Exception {
        var settings = new EmailProperties.Smtp("127.0.0.1", relay.getSmtps().getPort(), null, null, true, true, trust,
                DataSize.ofMegabytes(18));
        return new EmailSender(settings, new InternetAddress("care@albirr.test", "جمعية البر", "UTF-8"));
    }

    private static OutboundMessage reply(String id, String to) {
        return new OutboundMessage(id, ChannelType.EMAIL, to, "تم استلام طلبك", List.of(), List.of(), List.of(),
                null, false, 1, Map.of(), null);
    }

    @Test
    void aReplyGoesOverSmtpsToARelayTheSettingsTrust() throws Exception {
        var sent = sender("127.0.0.1").send(reply("smtps1", "fatima@example.sa"));
        assertThat(sent.externalId()).isEqualTo("sila.smtps1@albirr.test");
        assertThat(relay.waitForIncomingEmail(5_000, 1)).isTrue();
        assertThat(relay.getReceivedMessages()[0].getMessageID()).isEqualTo("<sila.smtps1@albirr.test>");
        assertThat(new EmailProperties.Smtp("h", null, null, null, true, true, null, null).effectivePort()).isEqualTo(465);
    }

    @Test
    void anUntrustedCertificateIsRefusedAndTheReplyStaysForAnotherTry() throws Exception {
        int before = relay.getReceivedMessages().length;
        assertThatThrownBy(() -> sender(null).send(reply("smtps2", "ahmad@example.ly")))
                .isInstanceOfSatisfying(ChannelSendException.class, e -> assertThat(e.isRetryable()).isTrue());
        assertThat(relay.getReceivedMessages()).hasSize(before);
    }
}
