package org.sila.console;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.sila.announce.Announcement;
import org.sila.announce.Announcements;
import org.sila.announce.Audience;
import org.sila.announce.Progress;
import org.sila.announce.Recipient;
import org.sila.announce.Recipient.State;
import org.sila.association.AssociationProfile.Text;
import org.sila.casework.CaseService;
import org.sila.casework.CaseType;
import org.sila.casework.OpenCase;
import org.sila.channel.ChannelType;
import org.sila.channel.InboundGateway;
import org.sila.channel.InboundMessage;
import org.sila.channel.OptOutChange;
import org.sila.channel.Sender;
import org.sila.conversation.Author;
import org.sila.conversation.ConversationQueries;
import org.sila.conversation.ConversationService;
import org.sila.conversation.Direction;
import org.sila.conversation.Message;
import org.sila.conversation.Reply;
import org.sila.staff.Role;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sila.console.ConsoleRequests.as;
import static org.sila.console.ConsoleRequests.body;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A manager's announcement to a chosen group: each on their own channel in their language, SMS when the channel
 * refuses, opted-out skipped and counted, and nobody twice when a worker died midway.
 */
@ConsoleTest
class AnnouncementsTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    InboundGateway inbound;
    @Autowired
    ConversationService conversations;
    @Autowired
    ConversationQueries queries;
    @Autowired
    CaseService cases;
    @Autowired
    Announcements announcements;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    org.sila.staff.AuditLog audit;

    @Test
    void theGroupGetsItEachOnTheirChannelInTheirLanguageWithSmsFallbackAndOptOutsSkipped() throws Exception {
        String tag = tag();
        String city = "حائل " + tag;
        String arabic = beneficiary(ChannelType.WEBCHAT, "session-" + UUID.randomUUID(), "ar", "حي النسيم، مدينة " + city);
        String english = beneficiary(ChannelType.WEBCHAT, "session-" + UUID.randomUUID(), "en", "حائل " + tag.toUpperCase());
        String whatsappPhone = phone();
        String onWhatsApp = beneficiary(ChannelType.WHATSAPP, whatsappPhone, "ar", city);
        String smsPhone = phone();
        String optedOut = beneficiary(ChannelType.SMS, smsPhone, "ar", city);
        inbound.optOut(new OptOutChange(ChannelType.SMS, smsPhone, true));
        String elsewhere = beneficiary(ChannelType.WEBCHAT, "session-" + UUID.randomUUID(), "ar", "الرياض " + tag);

        mvc.perform(post("/console/announcements").param("textAr", "توزيع السلال يوم الأحد في مقر الجمعية")
                .param("textEn", "Food baskets are handed out on Sunday at the association")
                .param("cities", city).with(as("m-ann", Role.MANAGER)).with(csrf()))
                .andExpect(status().is3xxRedirection());
        Announcement a = announcements.latest(5).stream().filter(x -> x.audience().cities().contains(city))
                .findFirst().orElseThrow();
        assertThat(a.recipients()).isEqualTo(4);

        Progress done = await().until(() -> announcements.progress(a), p -> !p.running()
                && p.count(State.SENT) + p.count(State.DELIVERED) == 3);
        assertThat(done.count(State.SKIPPED)).isEqualTo(1);
        assertThat(done.skipped()).containsExactly(Map.entry("OPTED_OUT", 1L));
        assertThat(done.count(State.FAILED)).isZero();

        assertThat(copies(arabic)).singleElement().satisfies(m -> {
            assertThat(m.text()).isEqualTo("توزيع السلال يوم الأحد في مقر الجمعية");
            assertThat(m.channel()).isEqualTo(ChannelType.WEBCHAT);
        });
        assertThat(copies(english)).singleElement().satisfies(m ->
                assertThat(m.text()).isEqualTo("Food baskets are handed out on Sunday at the association"));
        // WhatsApp's window was closed: once on WhatsApp (refused), then by SMS
        assertThat(copies(onWhatsApp)).extracting(Message::channel)
                .containsExactlyInAnyOrder(ChannelType.WHATSAPP, ChannelType.SMS);
        assertThat(FakeSenders.SMS).filteredOn(m -> m.recipient().equals(whatsappPhone)
                && m.text().equals("توزيع السلال يوم الأحد في مقر الجمعية")).hasSize(1);
        assertThat(copies(optedOut)).isEmpty();
        assertThat(copies(elsewhere)).isEmpty();

        String report = body(mvc, get("/console/announcements/" + a.id()).with(as("m-ann", Role.MANAGER)));
        assertThat(report).contains("id=\"count-total\">4<", "data-reason=\"OPTED_OUT\"", "data-running=\"false\"");
    }

    @Test
    void aRecipientLeftByAWorkerThatDiedIsNotSentTwice() {
        String first = beneficiary(ChannelType.WEBCHAT, "session-" + UUID.randomUUID(), "ar", "تبوك");
        String second = beneficiary(ChannelType.WEBCHAT, "session-" + UUID.randomUUID(), "ar", "تبوك");
        String id = "ann-" + UUID.randomUUID();
        // The worker queued the first copy, then died before recording it; the second was still waiting.
        Message queuedBeforeTheCrash = conversations.reply(queries.conversationsOf(first).get(0).id(),
                new Reply("موعد التوزيع غداً", null, Author.SYSTEM, "announcement", null, true,
                        Map.of("kind", "announcement", "announcementId", id)));
        String collection = mongo.getCollectionName(Recipient.class);
        mongo.getCollection(collection).insertMany(List.of(
                new Document("_id", id + ":" + first).append("announcementId", id).append("beneficiaryId", first)
                        .append("state", "CLAIMED").append("leaseUntil", java.util.Date.from(Instant.now().minusSeconds(5))),
                new Document("_id", id + ":" + second).append("announcementId", id).append("beneficiaryId", second)
                        .append("state", "PENDING").append("waiting", id)));
        mongo.insert(new Announcement(id, new Text("موعد التوزيع غداً", null), Audience.everyone(), "m-ann",
                Instant.now(), Announcement.Status.SENDING, 2, null));

        // all queued is said at the end of the batch that queued the last one
        await().until(() -> announcements.find(id).orElseThrow().status() == Announcement.Status.QUEUED_ALL);
        assertThat(copies(first)).extracting(Message::id).containsExactly(queuedBeforeTheCrash.id());
        assertThat(copies(second)).hasSize(1);
    }

    @Test
    void aBeneficiaryErasedBeforeTheirTurnIsNotSentTheAnnouncement() throws Exception {
        String erased = beneficiary(ChannelType.WEBCHAT, "session-" + UUID.randomUUID(), "ar", "ينبع");
        String id = "ann-" + UUID.randomUUID();
        mongo.getCollection(mongo.getCollectionName(Recipient.class)).insertOne(new Document("_id", id + ":" + erased)
                .append("announcementId", id).append("beneficiaryId", erased).append("state", "PENDING")
                .append("waiting", id));
        mvc.perform(post("/console/beneficiaries/" + erased + "/erase").param("confirm", "ERASE")
                .with(as("admin-ann", Role.ADMIN)).with(csrf())).andExpect(status().is3xxRedirection());
        mongo.insert(new Announcement(id, new Text("تذكير", null), Audience.everyone(), "m-ann", Instant.now(),
                Announcement.Status.SENDING, 1, null));

        Progress done = await().until(() -> announcements.progress(announcements.find(id).orElseThrow()),
                p -> !p.running());
        assertThat(done.skipped()).containsExactly(Map.entry("ERASED", 1L));
        assertThat(copies(erased)).isEmpty();
        // its report lists beneficiaries: reading it is in the audit log
        mvc.perform(get("/console/announcements/" + id).with(as("m-" + id, Role.MANAGER))).andExpect(status().isOk());
        assertThat(audit.latest(null, 500)).anyMatch(e -> e.actor().equals("m-" + id) && e.action().equals("VIEW")
                && id.equals(e.subjectId()));
    }

    @Test
    void onlyAManagerAnnouncesAndAnAnnouncementNeedsItsArabicText() throws Exception {
        mvc.perform(get("/console/announcements").with(as("o-ann", Role.OFFICER))).andExpect(status().isForbidden());
        mvc.perform(post("/console/announcements").param("textAr", "نص").with(as("o-ann", Role.OFFICER))
                .with(csrf())).andExpect(status().isForbidden());
        long before = mongo.count(new org.springframework.data.mongodb.core.query.Query(), Announcement.class);
        mvc.perform(post("/console/announcements").param("textAr", " ").param("textEn", "Only English")
                .with(as("m-ann", Role.MANAGER)).with(csrf())).andExpect(status().isBadRequest());
        mvc.perform(post("/console/announcements").param("textAr", "نص").param("channels", "PIGEON")
                .with(as("m-ann", Role.MANAGER)).with(csrf())).andExpect(status().isBadRequest());
        assertThat(mongo.count(new org.springframework.data.mongodb.core.query.Query(), Announcement.class))
                .isEqualTo(before);
        assertThat(body(mvc, get("/console/announcements").with(as("m-ann", Role.MANAGER))))
                .contains("id=\"announce-form\"");
    }

    /** The announcement copies a beneficiary was sent. */
    private List<Message> copies(String beneficiaryId) {
        return queries.historyOf(beneficiaryId).stream().filter(m -> m.direction() == Direction.OUT)
                .filter(m -> "announcement".equals(m.details().get("kind"))).toList();
    }

    /** A beneficiary who wrote once on {@code channel}, with a case in {@code city}. */
    private String beneficiary(ChannelType channel, String address, String language, String city) {
        String phone = channel == ChannelType.WEBCHAT ? null : address;
        String id = conversations.message(inbound.receive(new InboundMessage(channel, "in-" + UUID.randomUUID(),
                new Sender(address, null, phone, language), "السلام عليكم", null, null, null, null, null))
                .messageId()).orElseThrow().beneficiaryId();
        cases.open(new OpenCase(CaseType.SUPPORT_REQUEST, id, null, channel, Map.of("city", city), false, null, null,
                null, "bot"));
        return id;
    }

    private static String tag() {
        return UUID.randomUUID().toString().replaceAll("[^a-f]", "").substring(0, 4);
    }

    private static String phone() {
        return "+96650" + (1000000 + (int) (Math.random() * 8999999));
    }
}
