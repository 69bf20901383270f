package org.sila.conversation;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.sila.HubTest;
import org.sila.channel.Attachment;
import org.sila.channel.ChannelType;
import org.sila.channel.DeliveryStatus;
import org.sila.channel.DeliveryUpdate;
import org.sila.channel.InboundEdit;
import org.sila.channel.InboundGateway;
import org.sila.channel.InboundMessage;
import org.sila.channel.OptOutChange;
import org.sila.channel.Sender;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The store through the inbound gateway, as adapters use it. */
@HubTest
class ConversationServiceTest {

    @Autowired
    InboundGateway inbound;
    @Autowired
    ConversationService conversations;

    @Test
    void aPhoneSharedOnAMessengerJoinsTheBeneficiaryKnownBySms() {
        String phone = "+96650" + digits(7);
        var sms = inbound.receive(InboundMessage.text(ChannelType.SMS, id(), new Sender(phone, null, phone, null),
                "السلام عليكم"));
        String chat = digits(9);
        var telegram = inbound.receive(InboundMessage.text(ChannelType.TELEGRAM, id(),
                new Sender(chat, "أم محمد", null, "ar"), "مرحبا"));
        String smsBeneficiary = conversations.message(sms.messageId()).orElseThrow().beneficiaryId();
        assertThat(conversations.message(telegram.messageId()).orElseThrow().beneficiaryId())
                .isNotEqualTo(smsBeneficiary);

        // The Telegram user shares their own contact, written the local way.
        inbound.receive(InboundMessage.text(ChannelType.TELEGRAM, id(),
                new Sender(chat, "أم محمد", "0" + phone.substring(4), "ar"), ""));

        assertThat(conversations.identity(ChannelType.TELEGRAM, chat).orElseThrow().beneficiaryId())
                .isEqualTo(smsBeneficiary);
        assertThat(conversations.message(telegram.messageId()).orElseThrow().beneficiaryId())
                .isEqualTo(smsBeneficiary);
        assertThat(conversations.identities(smsBeneficiary)).extracting(Identity::channel)
                .containsExactlyInAnyOrder(ChannelType.SMS, ChannelType.TELEGRAM);
        Beneficiary merged = conversations.beneficiary(smsBeneficiary).orElseThrow();
        assertThat(merged.phone()).isEqualTo(phone);
        assertThat(merged.name()).isEqualTo("أم محمد");
    }

    @Test
    void aResolvedConversationStaysClosedAndTheNextMessageOpensANewOne() {
        var sender = Sender.of("visitor-" + id());
        var first = conversations.message(inbound.receive(InboundMessage.text(ChannelType.WEBCHAT, id(), sender,
                "سؤال")).messageId()).orElseThrow();
        conversations.changeStatus(first.conversationId(), ConversationStatus.RESOLVED, null);
        var second = conversations.message(inbound.receive(InboundMessage.text(ChannelType.WEBCHAT, id(), sender,
                "سؤال آخر")).messageId()).orElseThrow();
        assertThat(second.conversationId()).isNotEqualTo(first.conversationId());
        assertThat(second.beneficiaryId()).isEqualTo(first.beneficiaryId());
        assertThat(conversations.conversation(first.conversationId()).orElseThrow().resolvedAt()).isNotNull();
    }

    @Test
    void attachmentsAreKeptWithTheMessage() {
        byte[] photo = {1, 2, 3, 4};
        var receipt = inbound.receive(new InboundMessage(ChannelType.WHATSAPP, id(), Sender.of("+966500000001"),
                "صورة الهوية", List.of(new Attachment("id.jpg", "image/jpeg", photo)), null, null, List.of(),
                Map.of("profileName", "Ali")));
        Message stored = conversations.message(receipt.messageId()).orElseThrow();
        assertThat(stored.attachments()).singleElement().satisfies(a -> {
            assertThat(a.fileName()).isEqualTo("id.jpg");
            assertThat(a.size()).isEqualTo(4);
            assertThat(conversations.attachment(a.id()).orElseThrow().content()).isEqualTo(photo);
        });
        assertThat(stored.details()).containsEntry("profileName", "Ali");
    }

    @Test
    void anEditChangesTheStoredText() {
        String externalId = id();
        String chat = digits(9);
        var receipt = inbound.receive(InboundMessage.text(ChannelType.TELEGRAM, externalId, Sender.of(chat),
                "اريد مساعده"));
        inbound.edit(new InboundEdit(ChannelType.TELEGRAM, externalId, chat, "أريد مساعدة"));
        Message edited = conversations.message(receipt.messageId()).orElseThrow();
        assertThat(edited.text()).isEqualTo("أريد مساعدة");
        assertThat(edited.editedAt()).isNotNull();
    }

    @Test
    void statusCallbacksMoveAnOutboundMessageForwardOnly() {
        var receipt = inbound.receive(InboundMessage.text(ChannelType.WEBCHAT, id(), Sender.of("v-" + id()), "x"));
        String conversationId = conversations.message(receipt.messageId()).orElseThrow().conversationId();
        Message reply = conversations.reply(conversationId, Reply.fromStaff("s-1", "تم"));
        await().until(() -> conversations.message(reply.id()).orElseThrow().externalId() != null);
        String externalId = conversations.message(reply.id()).orElseThrow().externalId();

        inbound.deliveryUpdate(new DeliveryUpdate(ChannelType.WEBCHAT, externalId, DeliveryStatus.READ, null, null,
                null));
        inbound.deliveryUpdate(new DeliveryUpdate(ChannelType.WEBCHAT, externalId, DeliveryStatus.DELIVERED, null,
                null, null));
        Message read = conversations.message(reply.id()).orElseThrow();
        assertThat(read.status()).isEqualTo(DeliveryStatus.READ);
        assertThat(read.readAt()).isNotNull();
    }

    @Test
    void anOptedOutNumberGetsNoNotificationsButStillGetsReplies() {
        String phone = "+96650" + digits(7);
        var receipt = inbound.receive(InboundMessage.text(ChannelType.WEBCHAT, id(), Sender.of(phone), "STOP"));
        inbound.optOut(new OptOutChange(ChannelType.WEBCHAT, phone, true));
        assertThat(conversations.identity(ChannelType.WEBCHAT, phone).orElseThrow().optedOut()).isTrue();
        String conversationId = conversations.message(receipt.messageId()).orElseThrow().conversationId();

        Message notification = conversations.reply(conversationId, new Reply("تحرك طلبك", List.of(), Author.SYSTEM,
                null, null, true, Map.of()));
        Message reply = conversations.reply(conversationId, Reply.fromStaff("s-1", "تم إيقاف الإشعارات"));
        await().until(() -> conversations.message(reply.id()).orElseThrow().status() != DeliveryStatus.QUEUED);
        assertThat(conversations.message(notification.id()).orElseThrow().status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(conversations.message(notification.id()).orElseThrow().errorCode()).isEqualTo("OPTED_OUT");
        assertThat(conversations.message(reply.id()).orElseThrow().status()).isEqualTo(DeliveryStatus.SENT);
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }

    private static String digits(int n) {
        StringBuilder s = new StringBuilder();
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        s.append(1 + r.nextInt(9));
        while (s.length() < n) {
            s.append(r.nextInt(10));
        }
        return s.toString();
    }
}
