package org.sila.report;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

import org.sila.casework.Case;
import org.sila.casework.CaseEvents.CaseOpened;
import org.sila.casework.CaseEvents.CaseStageChanged;
import org.sila.casework.CaseService;
import org.sila.casework.CaseStage;
import org.sila.conversation.Author;
import org.sila.conversation.Conversation;
import org.sila.conversation.ConversationEvents.ConversationStatusChanged;
import org.sila.conversation.ConversationEvents.MessageAdded;
import org.sila.conversation.ConversationEvents.MessageReceived;
import org.sila.conversation.ConversationService;
import org.sila.conversation.ConversationStatus;
import org.sila.conversation.Direction;
import org.sila.conversation.Message;
import org.sila.survey.SurveyEvents.SurveyAnswered;
import org.sila.survey.SurveyEvents.SurveyExpired;
import org.sila.survey.SurveyEvents.SurveySent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Keeps the daily rollups as things happen. Each event raises a few counters with one {@code $inc} upsert per
 * document; what must count once is guarded by a mark. A failure here is logged and never reaches the code that
 * published the event (a message is stored and answered whether or not it was counted).
 */
@Component
class RollupListeners {

    private static final Logger log = LoggerFactory.getLogger(RollupListeners.class);
    static final String CONVERSATION = "CONVERSATION";
    static final String OTHER = "OTHER";

    private final DailyRollups rollups;
    private final ConversationService conversations;
    private final CaseService cases;
    private final ZoneId zone;
    private final Clock clock;

    @Autowired
    RollupListeners(DailyRollups rollups, ConversationService conversations, CaseService cases,
                    ReportProperties properties, Optional<Clock> clock) {
        this(rollups, conversations, cases, properties.zone(), clock.orElse(Clock.systemUTC()));
    }

    RollupListeners(DailyRollups rollups, ConversationService conversations, CaseService cases, ZoneId zone,
                    Clock clock) {
        this.rollups = rollups;
        this.conversations = conversations;
        this.cases = cases;
        this.zone = zone;
        this.clock = clock;
    }

    @EventListener
    void on(MessageReceived event) {
        safely(event, () -> {
            LocalDate day = today();
            var counts = counts(Metric.INBOUND, 1);
            if (event.beneficiaryId() != null
                    && rollups.once("contact|" + day + "|" + event.channel() + "|" + event.beneficiaryId())) {
                counts.put(Metric.CONTACTS, 1L);
            }
            if (rollups.once("opened|" + event.conversationId())) {
                counts.put(Metric.CONVERSATIONS_OPENED, 1L);
            }
            rollups.inc(day, Dimension.CHANNEL, event.channel().name(), counts);
        });
    }

    @EventListener
    void on(MessageAdded event) {
        if (event.direction() != Direction.OUT) {
            return;
        }
        safely(event, () -> {
            LocalDate day = today();
            var counts = counts(Metric.OUTBOUND, 1);
            Author.Type author = event.author() == null ? Author.Type.SYSTEM : event.author().type();
            boolean answer = author == Author.Type.BOT || author == Author.Type.STAFF;
            if (answer && rollups.once("answered|" + event.conversationId())) {
                conversations.conversation(event.conversationId()).ifPresent(c -> {
                    counts.put(Metric.FIRST_RESPONSE_COUNT, 1L);
                    counts.put(Metric.FIRST_RESPONSE_MS, millis(c.createdAt(), event.createdAt()));
                });
            }
            if (author == Author.Type.STAFF) {
                rollups.once("staffed|" + event.conversationId());
                rollups.inc(day, Dimension.STAFF, event.author().id(), counts(Metric.STAFF_REPLIES, 1));
            }
            rollups.inc(day, Dimension.CHANNEL, event.channel().name(), counts);
        });
    }

    @EventListener
    void on(ConversationStatusChanged event) {
        safely(event, () -> {
            String channel = event.channel() == null ? OTHER : event.channel().name();
            if (event.status() == ConversationStatus.WAITING || event.status() == ConversationStatus.ASSIGNED) {
                if (rollups.once("handoff|" + event.conversationId())) {
                    rollups.inc(today(), Dimension.CHANNEL, channel, counts(Metric.HANDED_OFF, 1));
                }
            } else if (event.status() == ConversationStatus.RESOLVED
                    && rollups.once("resolved|" + event.conversationId())) {
                LocalDate day = today();
                var counts = counts(Metric.CONVERSATIONS_RESOLVED, 1);
                counts.put(Metric.RESOLUTION_MS, millis(event.createdAt(), event.resolvedAt()));
                if (!rollups.marked("staffed|" + event.conversationId())
                        && !rollups.marked("handoff|" + event.conversationId())) {
                    counts.put(Metric.BOT_CONTAINED, 1L);
                }
                rollups.inc(day, Dimension.CHANNEL, channel, counts);
                rollups.inc(day, Dimension.STAFF, event.assignee(), counts(Metric.CONVERSATIONS_RESOLVED, 1));
            }
        });
    }

    @EventListener
    void on(CaseOpened event) {
        safely(event, () -> {
            LocalDate day = today();
            rollups.inc(day, Dimension.CASE_TYPE, event.type().name(), counts(Metric.CASES_OPENED, 1));
            cases.byId(event.caseId()).ifPresent(c ->
                    rollups.inc(day, Dimension.CHANNEL, channelOf(c), counts(Metric.CASES_OPENED, 1)));
        });
    }

    @EventListener
    void on(CaseStageChanged event) {
        safely(event, () -> {
            LocalDate day = today();
            var counts = counts(Metric.CASE_ACTIONS, 1);
            if (event.to() == CaseStage.CLOSED) {
                counts.put(Metric.CASES_CLOSED, 1L);
            }
            if (event.from() == CaseStage.COMMITTEE_REVIEW
                    && (event.to() == CaseStage.ACCEPTED || event.to() == CaseStage.REJECTED)) {
                counts.put(Metric.COMMITTEE_DECIDED, 1L);
                Instant due = cases.byId(event.caseId()).map(Case::dueAt).orElse(null);
                if (due != null) {
                    counts.put(clock.instant().isAfter(due) ? Metric.COMMITTEE_AFTER_SLA : Metric.COMMITTEE_WITHIN_SLA,
                            1L);
                }
            }
            rollups.inc(day, Dimension.CASE_TYPE, event.type().name(), counts);
            rollups.inc(day, Dimension.STAFF, event.by(), counts(Metric.CASE_ACTIONS, 1));
            if (counts.containsKey(Metric.CASES_CLOSED)) {
                cases.byId(event.caseId()).ifPresent(c ->
                        rollups.inc(day, Dimension.CHANNEL, channelOf(c), counts(Metric.CASES_CLOSED, 1)));
            }
        });
    }

    @EventListener
    void on(SurveySent event) {
        safely(event, () -> bySurveyDimensions(today(), event.channel().name(), event.caseType(),
                event.staffId(), counts(Metric.SURVEYS_SENT, 1)));
    }

    @EventListener
    void on(SurveyAnswered event) {
        safely(event, () -> {
            var counts = counts(Metric.SURVEYS_ANSWERED, 1);
            counts.put(Metric.SCORE_SUM, (long) event.score());
            counts.put(Metric.score(event.score()), 1L);
            bySurveyDimensions(today(), event.channel().name(), event.caseType(), event.staffId(), counts);
        });
    }

    @EventListener
    void on(SurveyExpired event) {
        safely(event, () -> rollups.inc(today(), Dimension.CHANNEL, event.channel().name(),
                counts(Metric.SURVEYS_EXPIRED, 1)));
    }

    private void bySurveyDimensions(LocalDate day, String channel, String caseType, String staffId,
                                    Map<Metric, Long> counts) {
        rollups.inc(day, Dimension.CHANNEL, channel, counts);
        rollups.inc(day, Dimension.CASE_TYPE, caseType == null ? CONVERSATION : caseType, counts);
        rollups.inc(day, Dimension.STAFF, staffId, counts);
    }

    /** A case opened by staff outside any channel counts under {@code OTHER}. */
    private static String channelOf(Case c) {
        return c.channel() == null ? OTHER : c.channel().name();
    }

    private static EnumMap<Metric, Long> counts(Metric metric, long value) {
        var counts = new EnumMap<Metric, Long>(Metric.class);
        counts.put(metric, value);
        return counts;
    }

    private static long millis(Instant from, Instant to) {
        return from == null || to == null ? 0 : Math.max(0, Duration.between(from, to).toMillis());
    }

    private LocalDate today() {
        return day(clock.instant());
    }

    private LocalDate day(Instant at) {
        return LocalDate.ofInstant(at, zone);
    }

    private static void safely(Object event, Runnable counting) {
        try {
            counting.run();
        } catch (RuntimeException e) {
            log.warn("Not counted: {}", event, e);
        }
    }
}
