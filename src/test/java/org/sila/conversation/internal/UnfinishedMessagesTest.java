package org.sila.conversation.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sila.channel.ChannelType;
import org.sila.channel.DeliveryStatus;
import org.sila.channel.InboundMessage;
import org.sila.channel.SendResult;
import org.sila.channel.Sender;
import org.sila.conversation.Message;
import org.sila.conversation.OutboxDepth;
import org.sila.conversation.Reply;
import org.sila.store.StoreAccess;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * On a store only this process writes, the sweeps' unfinished messages come from the ids the message store kept
 * rather than from a query over every message: both must find the same messages, in the same order, whatever
 * happened to them before the start (an earlier run's claims) and after it (stored, handled, sent, failed,
 * erased, given back).
 */
class UnfinishedMessagesTest {

    private static final String EARLIER_RUN = "earlier-run";
    private static final String THIS_RUN = "this-run";

    private MongoServer server;
    private MongoClient client;
    private MongoTemplate mongo;
    private final Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private int n;

    @BeforeEach
    void open() {
        server = new MongoServer(new MemoryBackend());
        client = MongoClients.create("mongodb://127.0.0.1:" + server.bind().getPort());
        mongo = new MongoTemplate(client, "unfinished");
    }

    @AfterEach
    void close() {
        client.close();
        server.shutdown();
    }

    @Test
    void keptIdsFindWhatTheQueriesFind() {
        MessageStore earlier = new MessageStore(mongo, new StoreAccess(false));
        Message.Claim earlierClaim = new Message.Claim(EARLIER_RUN, start.minusSeconds(60));
        // Left by an earlier run of the hub: claimed and unfinished, finished, waiting to be claimed.
        Message leftInbound = inbound("sara", earlierClaim, 1);
        earlier.insert(leftInbound);
        Message handledBefore = inbound("sara", earlierClaim, 2);
        earlier.insert(handledBefore);
        earlier.markHandled(handledBefore.id(), start);
        Message leftReply = outbound("sara", earlierClaim, 3);
        earlier.insert(leftReply);
        Message offered = outbound("omar", earlierClaim, 4);
        earlier.insert(offered);
        earlier.offerAgain(offered.id(), new Update());
        Message olderHub = inbound("ali", earlierClaim, 0);
        earlier.insert(olderHub);
        // stored by a version of the hub that did not yet sign its claims
        mongo.updateFirst(query(where("_id").is(olderHub.id())), new Update().unset(MessageStore.LEASE_HOLDER),
                Message.class);
        Message sentBefore = outbound("omar", earlierClaim, 5);
        earlier.insert(sentBefore);
        earlier.markSent(sentBefore, SendResult.sent("x-5"), start);

        MessageStore sole = new MessageStore(mongo, new StoreAccess(true));
        MessageStore queried = new MessageStore(mongo, new StoreAccess(false));
        // Stored by this run before its first sweep, which reads what earlier runs left
        Message beforeFirstSweep = outbound("huda", new Message.Claim(THIS_RUN, start.plusSeconds(300)), 6);
        sole.insert(beforeFirstSweep);
        assertSameUnfinished(sole, queried);

        // This run: new work, in hand and in backoff; some of it finished one way or another.
        Message.Claim claim = new Message.Claim(THIS_RUN, start.plusSeconds(300));
        Message inHand = inbound("huda", claim, 6);
        sole.insert(inHand);
        Message answered = inbound("huda", claim, 7);
        sole.insert(answered);
        sole.markHandled(answered.id(), start.plusSeconds(8));
        Message reply = outbound("huda", claim, 8);
        sole.insert(reply);
        Message delivered = outbound("huda", claim, 9);
        sole.insert(delivered);
        sole.markSent(delivered, SendResult.sent("x-9"), start.plusSeconds(9));
        Message refused = outbound("ali", claim, 10);
        sole.insert(refused);
        sole.markFailed(refused.id(), "21610", "unsubscribed");
        Message retrying = outbound("ali", claim, 11);
        sole.insert(retrying);
        sole.retryAt(retrying.id(), start.plusSeconds(40), "429", "too many requests");
        sole.releaseForHandling(inHand.id());
        sole.erase(beneficiary("omar"));
        assertSameUnfinished(sole, queried);

        Message taken = sole.claimForHandling(leftInbound.id(), claim);
        assertThat(taken).as("an earlier run's message is not claimable until it is offered again").isNull();
        sole.offerAgain(leftInbound.id(), new Update().unset(MessageStore.LEASE_UNTIL));
        assertThat(sole.claimForHandling(leftInbound.id(), claim)).isNotNull();
        sole.markHandled(leftInbound.id(), start.plusSeconds(20));
        assertSameUnfinished(sole, queried);
        assertThat(ids(sole.unhandled(start.plusSeconds(600), 100))).containsExactly(olderHub.id(), inHand.id());
        assertThat(ids(sole.queued(100))).containsExactly(leftReply.id(), beforeFirstSweep.id(), reply.id(),
                retrying.id());
    }

    private void assertSameUnfinished(MessageStore sole, MessageStore queried) {
        for (Instant now : List.of(start, start.plusSeconds(600))) {
            assertThat(ids(sole.unhandled(now, 100))).isEqualTo(ids(queried.unhandled(now, 100)));
        }
        assertThat(ids(sole.queued(100))).isEqualTo(ids(queried.queued(100)));
        assertThat(ids(sole.queued(1))).isEqualTo(ids(queried.queued(1)));
        for (List<String> alive : List.of(List.of(THIS_RUN), List.of(THIS_RUN, EARLIER_RUN))) {
            for (MessageStore.Unfinished kind : MessageStore.Unfinished.values()) {
                assertThat(ids(sole.heldByNoneOf(kind, alive))).containsExactlyInAnyOrderElementsOf(
                        ids(queried.heldByNoneOf(kind, alive)));
            }
        }
        OutboxDepth depth = sole.outboxDepth();
        assertThat(depth).isEqualTo(queried.outboxDepth());
    }

    private Message inbound(String who, Message.Claim claim, int minute) {
        var in = InboundMessage.text(ChannelType.SMS, "in-" + (++n), Sender.of("+96650000" + who.length()),
                "السلام عليكم");
        return Message.inbound(new ObjectId().toHexString(), route(who), in, List.of(),
                start.plus(Duration.ofMinutes(minute)), claim);
    }

    private Message outbound(String who, Message.Claim claim, int minute) {
        return Message.outbound(new ObjectId().toHexString(), route(who), Reply.fromStaff("staff-1", "أهلاً"), null,
                start.plus(Duration.ofMinutes(minute)), claim);
    }

    private static Message.Route route(String who) {
        return new Message.Route("conversation-" + who, beneficiary(who), ChannelType.SMS, "+96650000" + who.length());
    }

    private static String beneficiary(String who) {
        return "beneficiary-" + who;
    }

    private static List<String> ids(List<Message> messages) {
        return messages.stream().map(Message::id).toList();
    }
}
