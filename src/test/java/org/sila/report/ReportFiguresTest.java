package org.sila.report;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sila.HubTest;
import org.sila.casework.Case;
import org.sila.casework.CaseEvents.CaseOpened;
import org.sila.casework.CaseEvents.CaseStageChanged;
import org.sila.casework.CaseService;
import org.sila.casework.CaseStage;
import org.sila.casework.CaseType;
import org.sila.casework.OpenCase;
import org.sila.channel.ChannelType;
import org.sila.channel.InboundMessage;
import org.sila.channel.Sender;
import org.sila.conversation.Conversation;
import org.sila.conversation.ConversationEvents.ConversationStatusChanged;
import org.sila.conversation.ConversationEvents.MessageAdded;
import org.sila.conversation.ConversationEvents.MessageReceived;
import org.sila.channel.InboundGateway;
import org.sila.conversation.ConversationService;
import org.sila.conversation.ConversationStatus;
import org.sila.conversation.Direction;
import org.sila.conversation.Message;
import org.sila.conversation.Reply;
import org.sila.survey.SurveyEvents.SurveyAnswered;
import org.sila.survey.SurveyEvents.SurveyExpired;
import org.sila.survey.SurveyEvents.SurveySent;
import org.sila.survey.SurveyService;
import org.sila.survey.SurveyTrigger;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Each figure against a small data set counted by hand. The records are real (stored through the services); the
 * events are handed to a listener of the test's own, which counts on a clock the test moves from day to day into
 * rollup collections of its own, so nothing else the hub does at the same time changes these figures.
 */
@HubTest
class ReportFiguresTest {

    static final ZoneId RIYADH = ZoneId.of("Asia/Riyadh");
    static final LocalDate DAY1 = LocalDate.of(2031, 3, 10);
    static final LocalDate DAY2 = DAY1.plusDays(1);

    @Autowired
    MongoTemplate mongo;
    @Autowired
    ConversationService conversations;
    @Autowired
    InboundGateway inbound;
    @Autowired
    CaseService cases;
    @Autowired
    SurveyService surveys;

    MovableClock clock = new MovableClock();
    RollupListeners listeners;
    ReportService reports;
    long firstResponseMs;
    long resolutionMs;

    @BeforeEach
    void setUp() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        DailyRollups rollups = new DailyRollups(mongo, "t_daily_" + suffix, "t_marks_" + suffix);
        listeners = new RollupListeners(rollups, conversations, cases, RIYADH, clock);
        reports = new ReportService(rollups, mongo, surveys, new ReportProperties(RIYADH,
                new ReportProperties.Mail(null, "x@localhost", "-", "-")), Optional.of(clock));
    }

    @Test
    void unansweredQuestionsOfTheRangeAreCountedTogetherMostAskedFirst() {
        unanswered("متى الدوام؟", "متي الدوام", "UNSURE", "working-hours-location", DAY1.atTime(0, 30)); // Riyadh
        unanswered("متى الدوام", "متي الدوام", "UNSURE", "working-hours-location", DAY1.atTime(9, 0));
        unanswered("كم سعر السيارة", "كم سعر السياره", "OUT_OF_SCOPE", null, DAY2.atTime(10, 0));
        unanswered("متى الدوامم", "متي الدوام", "UNKNOWN", null, DAY2.atTime(23, 50));
        unanswered("متى الدوام", "متي الدوام", "UNSURE", null, DAY2.plusDays(1).atTime(0, 10)); // after the range
        unanswered("متى الدوام", "متي الدوام", "UNSURE", null, DAY1.atStartOfDay().minusMinutes(1)); // before

        var list = reports.report(new DateRange(DAY1, DAY2)).unanswered();
        assertThat(list).hasSize(2);
        assertThat(list.get(0).count()).isEqualTo(3);
        assertThat(list.get(0).text()).isEqualTo("متى الدوامم"); // the latest wording, time and verdict
        assertThat(list.get(0).lastAt()).isEqualTo(DAY2.atTime(23, 50).atZone(RIYADH).toInstant());
        assertThat(list.get(0).kind()).isEqualTo("UNKNOWN");
        assertThat(list.get(1)).isEqualTo(new MeasurementReport.Unanswered("كم سعر السيارة", 1,
                DAY2.atTime(10, 0).atZone(RIYADH).toInstant(), "OUT_OF_SCOPE", null));
        assertThat(ReportTables.unanswered(reports.report(new DateRange(DAY1, DAY2))).rows().get(0))
                .containsExactly("متى الدوامم", 3L, DAY2.atTime(23, 50).atZone(RIYADH).toInstant().toString(),
                        "لم يفهم", "");
    }

    private void unanswered(String text, String key, String kind, String guess, java.time.LocalDateTime at) {
        mongo.insert(new org.bson.Document("text", text).append("key", key).append("kind", kind)
                .append("guesses", guess == null ? List.of() : List.of(guess))
                .append("at", java.util.Date.from(at.atZone(RIYADH).toInstant())), ReportService.UNANSWERED);
    }

    @Test
    void everyFigureMatchesTheHandCount() {
        feedTheDataSet();
        MeasurementReport r = reports.report(new DateRange(DAY1, DAY2));
        Counters t = r.totals();

        // Contacts and visitors: A on web chat (day 1 and day 2), B on Telegram, D walked in on day 1.
        assertThat(t.get(Metric.CONTACTS)).isEqualTo(4);
        assertThat(r.visitors()).containsEntry(DAY1, 1L).containsEntry(DAY2, 0L);
        assertThat(t.get(Metric.INBOUND)).isEqualTo(6);
        assertThat(t.get(Metric.OUTBOUND)).isEqualTo(2);
        assertThat(t.get(Metric.CONVERSATIONS_OPENED)).isEqualTo(4);
        assertThat(t.get(Metric.CONVERSATIONS_RESOLVED)).isEqualTo(2);
        assertThat(t.get(Metric.HANDED_OFF)).isEqualTo(1);
        assertThat(t.containmentPercent()).isEqualTo(50.0);
        assertThat(t.get(Metric.FIRST_RESPONSE_COUNT)).isEqualTo(2);
        assertThat(t.averageFirstResponseMinutes()).isCloseTo(firstResponseMs / 2.0 / 60_000.0, within(1e-9));
        assertThat(t.averageResolutionHours()).isCloseTo(resolutionMs / 2.0 / 3_600_000.0, within(1e-9));

        assertThat(r.days().get(DAY1).get(Metric.INBOUND)).isEqualTo(4);
        assertThat(r.days().get(DAY2).get(Metric.INBOUND)).isEqualTo(2);
        assertThat(r.channels().get("WEBCHAT").get(Metric.CONTACTS)).isEqualTo(2);
        assertThat(r.channels().get("TELEGRAM").get(Metric.INBOUND)).isEqualTo(1);
        assertThat(r.channels().get("WALK_IN").get(Metric.CONTACTS)).isEqualTo(1);

        // Cases: one complaint opened and closed in two actions; two requests decided by the committee, one late.
        Counters complaint = r.caseTypes().get("COMPLAINT");
        assertThat(complaint.get(Metric.CASES_OPENED)).isEqualTo(1);
        assertThat(complaint.get(Metric.CASES_CLOSED)).isEqualTo(1);
        assertThat(complaint.get(Metric.CASE_ACTIONS)).isEqualTo(2);
        Counters requests = r.caseTypes().get("SUPPORT_REQUEST");
        assertThat(requests.get(Metric.CASES_OPENED)).isEqualTo(2);
        assertThat(requests.get(Metric.CASE_ACTIONS)).isEqualTo(4);
        assertThat(requests.get(Metric.COMMITTEE_DECIDED)).isEqualTo(2);
        assertThat(requests.get(Metric.COMMITTEE_WITHIN_SLA)).isEqualTo(1);
        assertThat(requests.get(Metric.COMMITTEE_AFTER_SLA)).isEqualTo(1);
        assertThat(requests.committeeSlaPercent()).isEqualTo(50.0);
        assertThat(r.channels().get("WEBCHAT").get(Metric.CASES_OPENED)).isEqualTo(1);

        // Satisfaction: three sent, two answered (5 and 2), one expired.
        assertThat(t.get(Metric.SURVEYS_SENT)).isEqualTo(3);
        assertThat(t.get(Metric.SURVEYS_ANSWERED)).isEqualTo(2);
        assertThat(t.get(Metric.SURVEYS_EXPIRED)).isEqualTo(1);
        assertThat(t.averageScore()).isEqualTo(3.5);
        assertThat(t.surveyResponsePercent()).isCloseTo(66.667, within(0.001));
        assertThat(r.distribution()).containsExactly(0, 1, 0, 0, 1);
        assertThat(r.channels().get("WEBCHAT").averageScore()).isEqualTo(3.5);
        assertThat(r.channels().get("TELEGRAM").surveyResponsePercent()).isEqualTo(0.0);
        assertThat(r.caseTypes().get(RollupListeners.CONVERSATION).averageScore()).isEqualTo(5.0);
        assertThat(complaint.averageScore()).isEqualTo(2.0);

        // Staff: staff-x replied once, resolved one conversation, took two actions, and was rated 5.
        Counters staff = r.staff().get("staff-x");
        assertThat(staff.get(Metric.STAFF_REPLIES)).isEqualTo(1);
        assertThat(staff.get(Metric.CONVERSATIONS_RESOLVED)).isEqualTo(1);
        assertThat(staff.get(Metric.CASE_ACTIONS)).isEqualTo(2);
        assertThat(staff.averageScore()).isEqualTo(5.0);

        // One day only.
        MeasurementReport second = reports.report(new DateRange(DAY2, DAY2));
        assertThat(second.totals().get(Metric.INBOUND)).isEqualTo(2);
        assertThat(second.totals().get(Metric.CONTACTS)).isEqualTo(1);
        assertThat(second.days()).containsOnlyKeys(DAY2);

        // The tables say the same.
        ReportTable summary = ReportTables.summary(r);
        assertThat(summary.rows()).contains(List.of("الزوار (حضوريًا)", 1L), List.of("الرسائل الواردة", 6L),
                List.of("الالتزام بمهلة اللجنة %", 50.0), List.of("متوسط الرضا (من 5)", 3.5),
                List.of("نسبة الاستجابة %", 66.7));
        assertThat(ReportTables.satisfaction(r).rows()).contains(List.of("2 — مقبول", 1L, 50.0));
        String csv = new String(Exports.csv(ReportTables.channels(r)), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(csv).startsWith("\uFEFFالقناة,المتواصلون,").contains("\r\nتيليجرام,1,1,1,1,1,");
        byte[] xlsx = Exports.xlsx(ReportTables.all(r));
        assertThat(new String(xlsx, 0, 2, java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo("PK");
    }

    private void feedTheDataSet() {
        clock.at(DAY1);
        // A on web chat: two messages, a bot answer, resolved by the bot.
        String addressA = UUID.randomUUID().toString();
        Message a1 = receive(ChannelType.WEBCHAT, addressA, "السلام عليكم");
        receive(ChannelType.WEBCHAT, addressA, "السلام عليكم");
        Message botAnswer = conversations.reply(a1.conversationId(), Reply.fromBot("أهلاً", "greeting", 1.0, List.of()));
        listeners.on(MessageAdded.of(botAnswer));
        Conversation c1 = resolve(a1.conversationId(), null);
        firstResponseMs += Duration.between(c1.createdAt(), botAnswer.createdAt()).toMillis();
        resolutionMs += Duration.between(c1.createdAt(), c1.resolvedAt()).toMillis();

        // B on Telegram: handed to staff-x, who answers and resolves.
        Message b1 = receive(ChannelType.TELEGRAM, UUID.randomUUID().toString(), "السلام عليكم");
        changeStatus(b1.conversationId(), ConversationStatus.ASSIGNED, "staff-x");
        Message staffAnswer = conversations.reply(b1.conversationId(), Reply.fromStaff("staff-x", "تفضل"));
        listeners.on(MessageAdded.of(staffAnswer));
        Conversation c2 = resolve(b1.conversationId(), "staff-x");
        firstResponseMs += Duration.between(c2.createdAt(), staffAnswer.createdAt()).toMillis();
        resolutionMs += Duration.between(c2.createdAt(), c2.resolvedAt()).toMillis();

        // D walks in.
        receive(ChannelType.WALK_IN, UUID.randomUUID().toString(), "زيارة للاستفسار");

        clock.at(DAY2);
        // A again: a new conversation, two messages, a complaint opened and closed by staff-x.
        Message a3 = receive(ChannelType.WEBCHAT, addressA, "السلام عليكم");
        receive(ChannelType.WEBCHAT, addressA, "السلام عليكم");
        Case complaint = open(CaseType.COMPLAINT, a3.conversationId(), ChannelType.WEBCHAT, null);
        move(complaint, CaseStage.RECEIVED, CaseStage.INVESTIGATING, "staff-x");
        move(complaint, CaseStage.INVESTIGATING, CaseStage.CLOSED, "staff-x");

        // Two requests before the committee: one answered in time, one after its due date.
        Instant now = clock.instant();
        Case inTime = open(CaseType.SUPPORT_REQUEST, null, null, now.plus(Duration.ofDays(14)));
        move(inTime, CaseStage.RECEIVED, CaseStage.COMMITTEE_REVIEW, "officer");
        move(inTime, CaseStage.COMMITTEE_REVIEW, CaseStage.ACCEPTED, "committee");
        Case late = open(CaseType.SUPPORT_REQUEST, null, null, now.minus(Duration.ofDays(1)));
        move(late, CaseStage.RECEIVED, CaseStage.COMMITTEE_REVIEW, "officer");
        move(late, CaseStage.COMMITTEE_REVIEW, CaseStage.REJECTED, "committee");

        // Surveys: web chat conversation (staff-x) → 5; Telegram → expired; the complaint → 2.
        listeners.on(new SurveySent("s1", ChannelType.WEBCHAT, SurveyTrigger.CONVERSATION_RESOLVED, null, "staff-x", now));
        listeners.on(new SurveySent("s2", ChannelType.TELEGRAM, SurveyTrigger.CONVERSATION_RESOLVED, null, null, now));
        listeners.on(new SurveySent("s3", ChannelType.WEBCHAT, SurveyTrigger.SERVICE_DELIVERED, "COMPLAINT", null, now));
        listeners.on(new SurveyAnswered("s1", ChannelType.WEBCHAT, SurveyTrigger.CONVERSATION_RESOLVED, null,
                "staff-x", 5, now));
        listeners.on(new SurveyAnswered("s3", ChannelType.WEBCHAT, SurveyTrigger.SERVICE_DELIVERED, "COMPLAINT",
                null, 2, now));
        listeners.on(new SurveyExpired("s2", ChannelType.TELEGRAM, now));
    }

    private Message receive(ChannelType channel, String address, String text) {
        String id = inbound.receive(InboundMessage.text(channel, UUID.randomUUID().toString(),
                new Sender(address, null, null, null), text)).messageId();
        // The hub's own bot answers meanwhile; wait for it, so it never races the changes below.
        await().until(() -> conversations.message(id).orElseThrow().handledAt() != null);
        Message m = conversations.message(id).orElseThrow();
        listeners.on(MessageReceived.of(m));
        return m;
    }

    private void changeStatus(String conversationId, ConversationStatus status, String assignee) {
        listeners.on(ConversationStatusChanged.of(conversations.changeStatus(conversationId, status, assignee)));
    }

    private Conversation resolve(String conversationId, String assignee) {
        changeStatus(conversationId, ConversationStatus.RESOLVED, assignee);
        return conversations.conversation(conversationId).orElseThrow();
    }

    private Case open(CaseType type, String conversationId, ChannelType channel, Instant dueAt) {
        Case c = cases.open(new OpenCase(type, null, conversationId, channel, Map.of(), false, null, null, dueAt,
                "officer"));
        listeners.on(new CaseOpened(c.id(), c.reference(), type, null, conversationId));
        return c;
    }

    private void move(Case c, CaseStage from, CaseStage to, String by) {
        cases.move(c.id(), from, to, by, null);
        listeners.on(new CaseStageChanged(c.id(), c.reference(), c.type(), null, from, to, by));
    }

    /** Noon in Riyadh on the day the test says. */
    static final class MovableClock extends Clock {
        private Instant now = Instant.now();

        void at(LocalDate day) {
            now = day.atTime(12, 0).atZone(RIYADH).toInstant();
        }

        @Override
        public ZoneId getZone() {
            return RIYADH;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return Clock.fixed(now, zone);
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
