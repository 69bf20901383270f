package org.sila.conversation.internal;

import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sila.SilaApplication;
import org.sila.WebChatClient;
import org.sila.channel.ChannelType;
import org.sila.cluster.ClusterMembers;
import org.sila.channel.InboundMessage;
import org.sila.channel.Sender;
import org.sila.conversation.ConversationProperties;
import org.sila.conversation.ConversationService;
import org.sila.conversation.Direction;
import org.sila.conversation.Message;
import org.sila.store.StoreAccess;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
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
