package org.sila;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.sila.channel.ChannelType;
import org.sila.channel.InboundGateway;
import org.sila.channel.InboundMessage;
import org.sila.channel.Sender;
import org.sila.channel.SharedRateLimits;
import org.sila.conversation.BeneficiaryRecords;
import org.sila.conversation.ConversationService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * An erasure leaves nothing of the person where the channels keep data outside the message store: a web chat text on
 * its way to another instance, a rate limit's key.
 */
@HubTest
class ErasedAddressesTest {

    @Autowired
    InboundGateway inbound;
    @Autowired
    ConversationService conversations;
    @Autowired
    BeneficiaryRecords records;
    @Autowired
    SharedRateLimits limits;
    @Autowired
    MongoTemplate mongo;

    @Test
    void anErasedWebChatSessionsTextsAreWithdrawnFromTheRelayAndOtherSessionsKeepTheirs() {
        String erased = "erased-" + UUID.randomUUID();
        String other = "other-" + UUID.randomUUID();
        var receipt = inbound.receive(new InboundMessage(ChannelType.WEBCHAT, erased + ":1",
                new Sender(erased, null, null, "ar"), "عنواني حي النسيم", List.of(), null, null, List.of(), Map.of()));
        String beneficiaryId = conversations.message(receipt.messageId()).orElseThrow().beneficiaryId();
        // As a second instance's relay leaves them: the text of a message in flight to the other instances.
        relayed(erased, "عنواني حي النسيم");
        relayed(other, "سؤال عن المواعيد");

        records.erase(beneficiaryId);

        assertThat(mongo.find(query(where("update.sessionId").is(erased)), Document.class, "live_updates")).isEmpty();
        assertThat(mongo.find(query(where("update.sessionId").is(other)), Document.class, "live_updates")).hasSize(1);
    }

    @Test
    void aForgottenRateLimitKeyLeavesNothingInTheStore() {
        String key = "telegram:bot:chat:" + UUID.randomUUID();
        assertThat(limits.tryTake(key, Duration.ofSeconds(1))).isZero();
        assertThat(mongo.findById(key, Document.class, "rate_limits")).isNotNull();

        limits.forget(key);

        assertThat(mongo.findById(key, Document.class, "rate_limits")).isNull();
        assertThat(limits.tryTake(key, Duration.ofSeconds(1))).as("a fresh start").isZero();
    }

    private void relayed(String sessionId, String text) {
        mongo.insert(new Document("origin", "instance-b").append("n", System.nanoTime()).append("topic", "webchat")
                .append("at", System.currentTimeMillis()).append("update", new Document("sessionId", sessionId)
                        .append("message", new Document("text", text))), "live_updates");
    }
}
