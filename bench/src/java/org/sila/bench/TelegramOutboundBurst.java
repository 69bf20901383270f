package org.sila.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.sila.SilaApplication;
import org.sila.channel.ChannelType;
import org.sila.channel.DeliveryStatus;
import org.sila.channel.InboundGateway;
import org.sila.channel.InboundMessage;
import org.sila.channel.Sender;
import org.sila.conversation.ConversationService;
import org.sila.conversation.Direction;
import org.sila.conversation.Message;
import org.sila.conversation.Reply;
import org.sila.telegram.FakeBotApi;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import tools.jackson.databind.json.JsonMapper;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.awaitility.Awaitility.await;

/**
 * Outbound burst on Telegram: 2,000 replies to 200 chats through the whole hub (store, outbox, router, sender with
 * its rate limits) against a WireMock Bot API. Reports the rate achieved against Telegram's 30/s ceiling, the
 * busiest one-second window, the closest two messages to one chat, and that every message reached SENT.
 *
 * <pre>./mvnw -q -Pbench test-compile exec:java -Dexec.mainClass=org.sila.bench.TelegramOutboundBurst
 *     -Dexec.classpathScope=test</pre>
 */
public final class TelegramOutboundBurst {

    static final int CHATS = 200;
    static final int PER_CHAT = 10;
    static final int CEILING = 30;

    public static void main(String[] args) {
        WireMockServer wireMock = new WireMockServer(wireMockConfig().dynamicPort().containerThreads(32));
        wireMock.start();
        var telegram = new FakeBotApi(new WireMock(wireMock.port())).withDefaults();
        // Command-line arguments: they outrank application.properties (default properties would not).
        ConfigurableApplicationContext hub = new SpringApplicationBuilder(SilaApplication.class).run(
                "--server.port=0", "--sila.store.in-memory=true", "--spring.main.banner-mode=off",
                "--sila.webchat.token-secret=bench-only-secret", "--logging.level.root=WARN",
                "--sila.telegram.token=" + FakeBotApi.TOKEN, "--sila.telegram.api-url=" + wireMock.baseUrl(),
                "--sila.telegram.poll-timeout=1s");
        try {
            run(hub, wireMock, telegram);
        } finally {
            hub.close();
            wireMock.stop();
        }
    }

    private static void run(ConfigurableApplicationContext hub, WireMockServer wireMock, FakeBotApi telegram) {
        InboundGateway inbound = hub.getBean(InboundGateway.class);
        ConversationService conversations = hub.getBean(ConversationService.class);
        MongoTemplate mongo = hub.getBean(MongoTemplate.class);

        // 200 beneficiaries write first (each gets the bot's answer), so there are 200 open Telegram conversations.
        List<String> conversationIds = new ArrayList<>();
        for (int i = 0; i < CHATS; i++) {
            String chat = Long.toString(900_000 + i);
            inbound.receive(InboundMessage.text(ChannelType.TELEGRAM, chat + ":1", Sender.of(chat), "مرحبا"));
            conversationIds.add(conversations.findByExternalId(ChannelType.TELEGRAM, chat + ":1").conversationId());
        }
        await().atMost(Duration.ofMinutes(2)).until(() -> count(mongo, DeliveryStatus.SENT) == CHATS);
        // Let every chat's one-a-second turn come round again, then measure the burst alone.
        await().pollDelay(Duration.ofMillis(1100)).until(() -> true);
        wireMock.resetRequests();

        long start = System.nanoTime();
        List<String> ids = new ArrayList<>();
        for (int k = 0; k < PER_CHAT; k++) {
            for (String conversationId : conversationIds) {
                ids.add(conversations.reply(conversationId,
                        Reply.fromBot("ردّ رقم " + (k + 1) + " من الجمعية", "bench", 1.0, List.of())).id());
            }
        }
        long enqueued = System.nanoTime();
        int total = CHATS * PER_CHAT;
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> count(mongo, DeliveryStatus.SENT) - CHATS + count(mongo, DeliveryStatus.FAILED) >= total);
        long done = System.nanoTime();

        long sent = ids.stream().filter(id -> conversations.message(id).orElseThrow().status() == DeliveryStatus.SENT)
                .count();
        List<LoggedRequest> requests = new ArrayList<>(telegram.find(FakeBotApi.called("sendmessage")));
        requests.sort(Comparator.comparing(LoggedRequest::getLoggedDate));
        long first = requests.get(0).getLoggedDate().getTime();
        long last = requests.get(requests.size() - 1).getLoggedDate().getTime();
        double providerRate = (requests.size() - 1) * 1000.0 / Math.max(1, last - first);
        double endToEnd = total / ((done - start) / 1e9);

        int busiestSecond = 0;
        for (int i = 0, j = 0; i < requests.size(); i++) {
            long t = requests.get(i).getLoggedDate().getTime();
            while (requests.get(j).getLoggedDate().getTime() <= t - 1000) {
                j++;
            }
            busiestSecond = Math.max(busiestSecond, i - j + 1);
        }
        Map<String, Long> lastByChat = new HashMap<>();
        long closestPerChat = Long.MAX_VALUE;
        var json = JsonMapper.builder().build();
        for (LoggedRequest r : requests) {
            String chat = json.readTree(r.getBodyAsString()).get("chat_id").asString();
            long t = r.getLoggedDate().getTime();
            Long previous = lastByChat.put(chat, t);
            if (previous != null) {
                closestPerChat = Math.min(closestPerChat, t - previous);
            }
        }
        long pacingRetries = mongo.count(Query.query(Criteria.where("_id").in(ids).and("attempts").gt(1)),
                Message.class);

        System.out.printf("Telegram outbound burst: %d replies to %d chats (%d each), rate limits on%n",
                total, CHATS, PER_CHAT);
        System.out.printf("  enqueued in                 %.2f s%n", (enqueued - start) / 1e9);
        System.out.printf("  all settled in              %.2f s%n", (done - start) / 1e9);
        System.out.printf("  sendMessage calls           %d (429s received: 0; WireMock never refuses)%n",
                requests.size());
        System.out.printf("  rate at the Bot API         %.2f msg/s = %.1f%% of the %d/s ceiling%n",
                providerRate, providerRate * 100 / CEILING, CEILING);
        System.out.printf("  rate end to end             %.2f msg/s = %.1f%% of the ceiling%n",
                endToEnd, endToEnd * 100 / CEILING);
        System.out.printf("  busiest 1-second window     %d messages (ceiling %d)%n", busiestSecond, CEILING);
        System.out.printf("  closest two to one chat     %d ms (limit 1000 ms)%n", closestPerChat);
        System.out.printf("  replies SENT                %d / %d (FAILED: %d)%n", sent, total,
                count(mongo, DeliveryStatus.FAILED));
        System.out.printf("  replies that waited for their chat's turn in the outbox: %d%n", pacingRetries);
    }

    private static long count(MongoTemplate mongo, DeliveryStatus status) {
        return mongo.count(Query.query(Criteria.where("direction").is(Direction.OUT).and("status").is(status)),
                Message.class);
    }
}
