package org.sila.conversation.internal;

import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import com.mongodb.client.MongoClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sila.SilaApplication;
import org.sila.WebChatClient;
import org.sila.channel.AssociationFacts;
import org.sila.channel.ChannelSendException;
import org.sila.channel.ChannelType;
import org.sila.channel.DeliveryStatus;
import org.sila.channel.OutboundRouter;
import org.sila.channel.SendResult;
import org.sila.cluster.ClusterMembers;
import org.sila.channel.InboundMessage;
import org.sila.channel.Sender;
import org.sila.conversation.ConversationProperties;
import org.sila.conversation.ConversationService;
import org.sila.conversation.Direction;
import org.sila.conversation.Message;
import org.sila.conversation.Reply;
import org.sila.store.StoreAccess;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.when;
import static org.sila.WebChatClient.JSON;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * Work claimed by an instance that stopped saying it is alive is taken over by the next sweep, long before its
 * lease runs out; work of an instance heard from lately is left to it. The hub shares its embedded store on a set
 * port here, so it behaves as on a MongoDB server with other instances beside it.
 */
class TakeoverTest {

    static ConfigurableApplicationContext hub;
    static ConversationService conversations;
    static MessageStore messages;
    static MongoTemplate mongo;
    static Message first;

    @BeforeAll
    static void start() throws Exception {
        int storePort;
        try (var socket = new ServerSocket(0)) {
            storePort = socket.getLocalPort();
        }
        hub = new SpringApplicationBuilder(SilaApplication.class).profiles("test").run("--server.port=0",
                "--sila.store.port=" + storePort, "--sila.pipeline.sweep-interval=1s", "--sila.pipeline.lease=10m");
        conversations = hub.getBean(ConversationService.class);
        messages = hub.getBean(MessageStore.class);
        mongo = hub.getBean(MongoTemplate.class);
        var chat = new WebChatClient(((WebServerApplicationContext) hub).getWebServer().getPort());
        String id = JSON.readTree(chat.post("السلام عليكم").body()).get("messageId").asString();
        await().until(() -> conversations.message(id).orElseThrow().handledAt() != null);
        first = conversations.message(id).orElseThrow();
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    @Test
    void aMessageClaimedByAnInstanceThatWentSilentIsAnsweredAndOneHeldByALiveInstanceIsLeftToIt() {
        // another instance's heartbeat, as the cluster module writes it, heard from "now" for the whole test
        mongo.upsert(query(where("_id").is("live-instance")), new Update().set("seenAt",
                Instant.now().plus(Duration.ofMinutes(5)).toEpochMilli()), "cluster_members");
        await().until(() -> hub.getBean(ClusterMembers.class).others().contains("live-instance"));
        Message ofGone = claimedInbound("gone-instance");
        Message ofLive = claimedInbound("live-instance");

        await().atMost(Duration.ofSeconds(30))
                .until(() -> messages.byId(ofGone.id()).orElseThrow().handledAt() != null);
        assertThat(conversations.messages(first.conversationId())).filteredOn(m -> ofGone.id().equals(m.answers()))
                .hasSize(1);
        Message left = messages.byId(ofLive.id()).orElseThrow();
        assertThat(left.handledAt()).isNull();
        assertThat(left.workKey()).isNull();
        assertThat(left.leaseHolder()).isEqualTo("live-instance");
    }

    /**
     * An instance that started after this one's last heartbeat is not in this one's view yet, but its heartbeat is
     * in the store before it claims anything (it says it is alive before it takes traffic): its claims are its own.
     */
    @Test
    void aClaimOfAnInstanceStartedSinceTheLastHeartbeatIsLeftToIt() {
        // its heartbeat in the store (the hub's own sweeps read it too), then its claim
        mongo.upsert(query(where("_id").is("new-instance")), new Update().set("seenAt",
                Instant.now().plus(Duration.ofMinutes(5)).toEpochMilli()), "cluster_members");
        Message ofNew = claimedInbound("new-instance");
        var staleView = new ClusterMembers() {
            @Override
            public String self() {
                return hub.getBean(ClusterMembers.class).self();
            }

            @Override
            public Set<String> others() {
                return Set.of(); // the view as of the last heartbeat, before "new-instance" started
            }

            @Override
            public Set<String> othersNow() {
                return Set.of("new-instance");
            }
        };
        var leases = new Leases(new StoreAccess(false), hub.getBean(ConversationProperties.class), messages,
                staleView);

        leases.takeBackAbandoned(MessageStore.Unfinished.INBOUND, new Update().unset(MessageStore.LEASE_UNTIL));

        Message left = messages.byId(ofNew.id()).orElseThrow();
        assertThat(left.workKey()).as("offered to any worker").isNull();
        assertThat(left.leaseHolder()).isEqualTo("new-instance");
    }

    /**
     * A reply this instance put back for a retry is found due, and taken up, by another live instance first. When
     * this one's retry comes, the reply is the other's to send: the later replies of the conversation go out as soon
     * as it is sent, not after this instance's lease (ten minutes here).
     */
    @Test
    void aReplyAnotherInstanceTookUpHoldsBackTheLaterOnesOnlyUntilItIsSent() {
        mongo.upsert(query(where("_id").is("live-instance")), new Update().set("seenAt",
                Instant.now().plus(Duration.ofMinutes(5)).toEpochMilli()), "cluster_members");
        await().until(() -> hub.getBean(ClusterMembers.class).others().contains("live-instance"));
        OutboundRouter router = chatTurnTakenOnce(Duration.ofSeconds(2));
        var workers = new ThreadPoolTaskExecutor();
        workers.setCorePoolSize(2);
        workers.initialize();
        var members = hub.getBean(ClusterMembers.class);
        var leases = new Leases(new StoreAccess(false), hub.getBean(ConversationProperties.class), messages,
                members);
        var dispatcher = new OutboundDispatcher(messages, router, hub.getBean(ConversationThreads.class),
                hub.getBean(BeneficiaryResolver.class), hub.getBean(ConversationProperties.class), hub, workers,
                leases, Optional.empty());
        try {
            Message earlier = dispatcher.queue(first.route(), Reply.fromStaff("staff-1", "الأولى"), null);
            // put back for its retry, then claimed by the other instance, which is sending it
            await().atMost(Duration.ofSeconds(2)).until(() -> mongo.findAndModify(
                    query(where(MessageStore.WORK_KEY).is(earlier.id())), new Update().unset(MessageStore.WORK_KEY)
                            .set(MessageStore.LEASE_HOLDER, "live-instance").set(MessageStore.NEXT_ATTEMPT_AT,
                                    Instant.now().plus(Duration.ofMinutes(10))), Message.class) != null);
            Message later = dispatcher.queue(first.route(), Reply.fromStaff("staff-1", "الثانية"), null);

            // this instance's retry of the earlier one comes, and the later one is looked at: not its turn yet
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> messages.byId(later.id()).orElseThrow().workKey() != null);
            assertThat(messages.byId(later.id()).orElseThrow().status()).as("waits for the earlier one")
                    .isEqualTo(DeliveryStatus.QUEUED);
            mongo.updateFirst(query(where("_id").is(earlier.id())), new Update()
                    .set(MessageStore.STATUS, DeliveryStatus.SENT).unset(MessageStore.NEXT_ATTEMPT_AT), Message.class);

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> messages.byId(later.id()).orElseThrow().status() == DeliveryStatus.SENT);
        } finally {
            dispatcher.stop();
            workers.shutdown();
        }
    }

    /**
     * This instance's claim of a reply due for its retry misses: another instance held it that moment. By the time
     * this one reads it, the other has given it back (not its turn yet); then it takes it again and sends it. The
     * later reply, claimed by this instance and waiting behind it, goes out then, not after this instance's lease:
     * read as "held by this run", the conversation would wait ten minutes here, and no sweep takes up the claims of
     * a live run. (On a database of its own, so that the hub's own sweeps do not race with the scripted instance.)
     */
    @Test
    void aReplyAnotherInstanceHeldForAMomentDoesNotHoldBackTheLaterOnesForALease() {
        OutboundRouter router = chatTurnTakenOnce(Duration.ofSeconds(1));
        try (var outbox = new OutboxBesideALiveInstance(router)) {
            String[] earlierId = {null};
            AtomicBoolean missed = new AtomicBoolean();
            doAnswer(call -> {
                Message stored = call.getArgument(0).equals(earlierId[0]) ? outbox.read(earlierId[0]) : null;
                boolean retryDue = stored != null && stored.workKey() != null && stored.nextAttemptAt() != null
                        && !stored.nextAttemptAt().isAfter(Instant.now());
                return retryDue && missed.compareAndSet(false, true) ? null : call.callRealMethod();
            }).when(outbox.store).claimForSending(anyString(), any());
            doAnswer(call -> {
                Object read = call.callRealMethod();
                if (call.getArgument(0).equals(earlierId[0]) && missed.get()) {
                    outbox.sentByTheOther(earlierId[0]); // after this instance's read: taken again and sent
                }
                return read;
            }).when(outbox.store).byId(anyString());

            Message earlier = outbox.dispatcher.queue(outbox.route, Reply.fromStaff("staff-1", "الأولى"), null);
            earlierId[0] = earlier.id();
            Message later = outbox.dispatcher.queue(outbox.route, Reply.fromStaff("staff-1", "الثانية"), null);

            await().atMost(Duration.ofSeconds(10)).untilTrue(missed);
            await().atMost(Duration.ofSeconds(10)).until(() -> outbox.read(later.id()).status() == DeliveryStatus.SENT);
            assertThat(outbox.read(earlier.id()).leaseHolder()).as("sent by the other instance")
                    .isEqualTo("live-instance");
        }
    }

    /**
     * A reply waits for its retry, far off; another instance sends it meanwhile, and the wake this instance set for
     * it would only come then. The later reply, claimed by this instance and waiting behind it, goes out at the next
     * sweep, not when its lease ends: whatever stops a conversation's queue without a wake to come costs a sweep.
     */
    @Test
    void aSweepResumesAConversationWhoseFirstReplyWasSentByAnotherInstance() {
        OutboundRouter router = chatTurnTakenOnce(Duration.ofMinutes(5));
        try (var outbox = new OutboxBesideALiveInstance(router)) {
            Message earlier = outbox.dispatcher.queue(outbox.route, Reply.fromStaff("staff-1", "الأولى"), null);
            Message later = outbox.dispatcher.queue(outbox.route, Reply.fromStaff("staff-1", "الثانية"), null);
            await().atMost(Duration.ofSeconds(10)).until(() -> outbox.read(earlier.id()).errorCode() != null);
            outbox.sentByTheOther(earlier.id());

            outbox.dispatcher.sweep();

            await().atMost(Duration.ofSeconds(10)).until(() -> outbox.read(later.id()).status() == DeliveryStatus.SENT);
        }
    }

    /**
     * An outbox of this instance beside a live one ("live-instance"), on a database of its own, so that the hub's
     * own sweeps do not race with what a test scripts. Its store is a spy, for a test to script a race on.
     */
    private static final class OutboxBesideALiveInstance implements AutoCloseable {

        final MongoTemplate mongo = new MongoTemplate(hub.getBean(MongoClient.class), "takeover-" + UUID.randomUUID());
        final MessageStore store = spy(new MessageStore(mongo, new StoreAccess(false)));
        final Message.Route route;
        final OutboundDispatcher dispatcher;
        private final ThreadPoolTaskExecutor workers = new ThreadPoolTaskExecutor();

        OutboxBesideALiveInstance(OutboundRouter router) {
            var properties = hub.getBean(ConversationProperties.class);
            var threads = new ConversationThreads(mongo, store, List.of(), hub, new StoreAccess(false), properties);
            route = Message.Route.of(threads.open("beneficiary-1", ChannelType.WEBCHAT, "visitor-1", Instant.now()));
            workers.setCorePoolSize(2);
            workers.initialize();
            var liveBeside = new ClusterMembers() {
                @Override
                public String self() {
                    return "this-instance";
                }

                @Override
                public Set<String> others() {
                    return Set.of("live-instance");
                }

                @Override
                public Set<String> othersNow() {
                    return others();
                }
            };
            dispatcher = new OutboundDispatcher(store, router, threads,
                    new BeneficiaryResolver(mongo, store, hub.getBean(AssociationFacts.class), hub), properties, hub,
                    workers, new Leases(new StoreAccess(false), properties, store, liveBeside), Optional.empty());
        }

        Message read(String id) {
            return mongo.findById(id, Message.class);
        }

        /** The other instance claims the reply and sends it. */
        void sentByTheOther(String id) {
            mongo.updateFirst(query(where("_id").is(id)), new Update().unset(MessageStore.WORK_KEY)
                    .set(MessageStore.LEASE_HOLDER, "live-instance").set(MessageStore.STATUS, DeliveryStatus.SENT)
                    .unset(MessageStore.NEXT_ATTEMPT_AT), Message.class);
        }

        @Override
        public void close() {
            dispatcher.stop();
            workers.shutdown();
            store.close();
            mongo.getDb().drop();
        }
    }

    /** A router whose first send finds the chat's turn taken for {@code wait}; the sends after it go out. */
    private static OutboundRouter chatTurnTakenOnce(Duration wait) {
        OutboundRouter router = mock(OutboundRouter.class);
        when(router.send(any())).thenThrow(ChannelSendException.retryable("CHAT_TURN", "the chat's turn", wait, null))
                .thenAnswer(call -> SendResult.sent(null));
        return router;
    }

    private static Message claimedInbound(String holder) {
        Instant now = Instant.now();
        var in = InboundMessage.text(ChannelType.WEBCHAT, first.address() + ":" + UUID.randomUUID(),
                new Sender(first.address(), null, null, null), "السلام عليكم");
        Message message = Message.inbound(new org.bson.types.ObjectId().toHexString(), first.route(), in, List.of(),
                now, new Message.Claim(holder, now.plus(Duration.ofMinutes(10))));
        assertThat(messages.insert(message)).isTrue();
        assertThat(message.direction()).isEqualTo(Direction.IN);
        return message;
    }
}
