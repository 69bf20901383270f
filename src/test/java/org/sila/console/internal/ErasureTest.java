package org.sila.console.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.sila.channel.ChannelType;
import org.sila.channel.InboundGateway;
import org.sila.channel.InboundMessage;
import org.sila.channel.Sender;
import org.sila.console.ConsoleTest;
import org.sila.conversation.ConversationService;
import org.sila.conversation.Message;
import org.sila.conversation.internal.MessageStore;
import org.sila.staff.AuditLog;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An erasure while a message of theirs is being answered: what that work stores just after (the reply, the dialogue
 * state with their answers) is erased by the second pass, once the work is over.
 */
@ConsoleTest
class ErasureTest {

    @Autowired
    Erasure erasure;
    @Autowired
    InboundGateway inbound;
    @Autowired
    ConversationService conversations;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    AuditLog audit;
    @Autowired
    MessageStore messages;

    @Test
    void whatTheWorkUnderWayStoresJustAfterAnErasureIsErasedOnceThatWorkIsOver() {
        String phone = "+9665" + (10_000_000 + (int) (Math.random() * 89_999_999));
        var receipt = inbound.receive(new InboundMessage(ChannelType.SMS, "sms-" + UUID.randomUUID(),
                new Sender(phone, null, phone, "ar"), "ابي اسجل", List.of(), null, null, List.of(), Map.of()));
        var message = conversations.message(receipt.messageId()).orElseThrow();
        String beneficiaryId = message.beneficiaryId();
        // The bot answers and keeps the dialogue it started; the test plays the race itself, below.
        await().atMost(Duration.ofSeconds(10))
                .until(() -> conversations.messages(message.conversationId()).size() >= 2);
        Document dialogue = dialogues().find(ids(message.conversationId())).first();
        assertThat(dialogue).isNotNull();

        erasure.erase(beneficiaryId);
        assertThat(strays(beneficiaryId, message.conversationId())).isZero();
        // As the worker answering a message of theirs stores them just after the first pass:
        messages.insert(Message.note(new ObjectId().toHexString(), Message.Route.of(message),
                "staff", "الاسم: فاطمة علي، الهوية 1000000008", Instant.now()));
        dialogues().insertOne(dialogue);

        erasure.eraseAgainDueBy(Instant.now());
        assertThat(strays(beneficiaryId, message.conversationId())).as("not before the work may be over").isEqualTo(2);

        erasure.eraseAgainDueBy(Instant.now().plus(Duration.ofMinutes(10)));
        assertThat(strays(beneficiaryId, message.conversationId())).isZero();
        assertThat(audit.latest(beneficiaryId, 10)).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("ERASE");
            assertThat(e.detail()).startsWith("again");
        });
        assertThat(mongo.findById(beneficiaryId, Document.class, Erasure.PENDING)).as("done once").isNull();
    }

    private MongoCollection<Document> dialogues() {
        return mongo.getCollection("dialogues");
    }

    /** A conversation's id as the store may hold it: as text, or as an object id. */
    private static Bson ids(String conversationId) {
        return Filters.in("_id", conversationId, new ObjectId(conversationId));
    }

    private long strays(String beneficiaryId, String conversationId) {
        return mongo.getCollection("messages").countDocuments(Filters.eq("beneficiaryId", beneficiaryId))
                + dialogues().countDocuments(ids(conversationId));
    }
}
