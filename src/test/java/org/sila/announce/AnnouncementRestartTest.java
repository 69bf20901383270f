package org.sila.announce;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sila.SilaApplication;
import org.sila.WebChatClient;
import org.sila.announce.Recipient.State;
import org.sila.association.AssociationProfile.Text;
import org.sila.channel.ChannelType;
import org.sila.conversation.ConversationQueries;
import org.sila.conversation.ConversationService;
import org.sila.conversation.Direction;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The hub stopped while an announcement goes out, started again on the same store: everyone gets it once. */
class AnnouncementRestartTest {

    @TempDir
    Path dataDir;

    @Test
    void anAnnouncementStoppedMidwayResumesAfterARestartAndNobodyGetsItTwice() {
        List<String> sessions = new ArrayList<>();
        String id;
        try (var hub = start("--sila.announce.batch=1", "--sila.announce.interval=2s")) {
            int port = ((WebServerApplicationContext) hub).getWebServer().getPort();
            for (int i = 0; i < 4; i++) {
                var chat = new WebChatClient(port);
                chat.post("السلام عليكم");
                sessions.add(chat.sessionId);
            }
            ConversationService conversations = hub.getBean(ConversationService.class);
            await().until(() -> sessions.stream()
                    .allMatch(s -> conversations.identity(ChannelType.WEBCHAT, s).isPresent()));
            Announcements announcements = hub.getBean(Announcements.class);
            id = announcements.start(new Text("يوم التوزيع الأحد القادم", "Distribution day is next Sunday"),
                    new Audience(List.of(), List.of(), List.of(), List.of(ChannelType.WEBCHAT)), "manager").id();
            String started = id;
            Progress midway = await().until(() -> announcements.progress(announcements.find(started).orElseThrow()),
                    p -> p.done() >= 1);
            assertThat(midway.running()).as("stopped midway").isTrue(); // one a tick, a tick every 2 s
        }
        try (var hub = start()) {
            Announcements announcements = hub.getBean(Announcements.class);
            String resumed = id;
            Progress done = await().until(() -> announcements.progress(announcements.find(resumed).orElseThrow()),
                    p -> !p.running());
            assertThat(done.total()).isEqualTo(4);
            assertThat(done.count(State.SENT) + done.count(State.DELIVERED)).isEqualTo(4);
            ConversationService conversations = hub.getBean(ConversationService.class);
            ConversationQueries queries = hub.getBean(ConversationQueries.class);
            for (String session : sessions) {
                String beneficiary = conversations.identity(ChannelType.WEBCHAT, session).orElseThrow()
                        .beneficiaryId();
                assertThat(queries.historyOf(beneficiary)).as(session)
                        .filteredOn(m -> m.direction() == Direction.OUT && resumed.equals(m.details().get("announcementId")))
                        .hasSize(1);
            }
        }
    }

    private ConfigurableApplicationContext start(String... more) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--sila.store.in-memory=false",
                "--sila.store.path=" + dataDir.resolve("sila.mv")));
        args.addAll(List.of(more));
        // arguments, not default properties: they must win over the test profile's in-memory store
        return new SpringApplicationBuilder(SilaApplication.class).profiles("test").run(args.toArray(String[]::new));
    }
}
