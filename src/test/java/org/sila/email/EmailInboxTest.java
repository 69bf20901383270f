package org.sila.email;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sila.channel.CursorStore;
import org.sila.channel.DeliveryUpdate;
import org.sila.channel.InboundEdit;
import org.sila.channel.InboundGateway;
import org.sila.channel.InboundMessage;
import org.sila.channel.InboundReceipt;
import org.sila.channel.OptOutChange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The IMAP loop alone against GreenMail (which has IDLE), with the hub's store stood in for: a store outage holds
 * the cursor, and a mail the store keeps refusing is kept aside so the mails behind it still arrive.
 */
class EmailInboxTest {

    @RegisterExtension
    static final GreenMailExtension mailbox = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort())
            .withPerMethodLifecycle(true);

    private final List<InboundMessage> stored = new CopyOnWriteArrayList<>();
    private final Map<String, String> cursors = new ConcurrentHashMap<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private ImapInbox inbox;

    private final InboundGateway gateway = new InboundGateway() {
        @Override
        public InboundReceipt receive(InboundMessage message) {
            if (message.externalId().startsWith("poison") && !message.metadata().containsKey(
                    InboundMailMapper.META_MALFORMED)) {
                throw new IllegalArgumentException("too large for the store");
            }
            if (failuresLeft.getAndDecrement() > 0) {
                throw new IllegalStateException("store down");
            }
            stored.add(message);
            return new InboundReceipt(message.externalId(), false);
        }

        @Override
        public void edit(InboundEdit edit) {
        }

        @Override
        public void deliveryUpdate(DeliveryUpdate update) {
        }

        @Override
        public void optOut(OptOutChange change) {
        }

        @Override
        public void echo(org.sila.channel.OutboundEcho echo) {
        }

        @Override
        public void deliveryWatermark(org.sila.channel.DeliveryWatermark watermark) {
        }
    };

    private final CursorStore cursorStore = new CursorStore() {
        @Override
        public Optional<String> get(String key) {
            return Optional.ofNullable(cursors.get(key));
        }

        @Override
        public void put(String key, String value) {
            cursors.put(key, value);
        }
    };

    private void start(Duration pollInterval) {
        mailbox.setUser("care@albirr.test", "care", "secret");
        var settings = new EmailProperties.Imap("127.0.0.1", mailbox.getImap().getPort(), "care", "secret", false,
                "INBOX", pollInterval);
        inbox = new ImapInbox(settings, new InboundMailMapper("care@albirr.test", 1_000_000, 10,
                EmailMappingTest.UNREADABLE), gateway,
                cursorStore);
        inbox.start();
    }

    @AfterEach
    void stop() {
        if (inbox != null) {
            inbox.stop();
            inbox.close();
        }
    }

    private static void deliver(String id) throws Exception {
        String raw = "From: a@example.sa\r\nTo: care@albirr.test\r\nSubject: x\r\nMessage-ID: <" + id + ">\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n\r\nمرحبا " + id + "\r\n";
        mailbox.getUserManager().getUserByEmail("care@albirr.test").deliver(new MimeMessage(
                Session.getInstance(new Properties()), new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8))));
    }

    private List<String> ids() {
        return stored.stream().map(m -> InboundMailMapper.messageIdOf(m.externalId())).toList();
    }

    @Test
    void aStoreOutageHoldsTheCursorAndPoisonMailIsKeptAsideSoTheNextStillArrives() throws Exception {
        start(Duration.ofMillis(100));
        await().until(() -> cursors.size() == 1);
        failuresLeft.set(2); // the store is down for two tries: nothing is skipped
        deliver("first@example.sa");
        deliver("poison@example.sa");
        deliver("after@example.sa");
        await().until(() -> ids().contains("after@example.sa"));
        assertThat(ids()).containsExactly("first@example.sa", "poison@example.sa", "after@example.sa");
        assertThat(stored.get(1).metadata().get(InboundMailMapper.META_MALFORMED)).contains("too large");
    }
}
