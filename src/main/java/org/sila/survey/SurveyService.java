package org.sila.survey;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.sila.casework.Case;
import org.sila.casework.CaseService;
import org.sila.conversation.Author;
import org.sila.conversation.Conversation;
import org.sila.conversation.ConversationService;
import org.sila.conversation.ConversationStatus;
import org.sila.conversation.Identity;
import org.sila.conversation.Message;
import org.sila.conversation.Reply;
import org.sila.channel.ChannelType;
import org.sila.survey.SurveyEvents.SurveyAnswered;
import org.sila.survey.SurveyEvents.SurveyExpired;
import org.sila.survey.SurveyEvents.SurveySent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * Sends satisfaction surveys (once per conversation or case), takes their answers and comments, expires the
 * unanswered ones, and opens a follow-up for a manager on a low score.
 *
 * <p>An address has at most one survey waiting, in {@code survey_pending} keyed by {@code CHANNEL:address}: finding
 * it is a lookup by id on both stores, however many surveys there are. A newer survey replaces an older one there.
 */
@Service
public class SurveyService {

    private static final Logger log = LoggerFactory.getLogger(SurveyService.class);
    private final MongoTemplate mongo;
    private final ConversationService conversations;
    private final CaseService cases;
    private final ApplicationEventPublisher events;
    private final SurveyProperties properties;
    private final PendingSurveys pending;
    private final SurveyWording wording;
    private final Clock clock;

    SurveyService(MongoTemplate mongo, ConversationService conversations, CaseService cases,
                  ApplicationEventPublisher events, SurveyProperties properties, PendingSurveys pending,
                  SurveyWording wording, Optional<Clock> clock) {
        this.mongo = mongo;
        this.wording = wording;
        this.pending = pending;
        this.conversations = conversations;
        this.cases = cases;
        this.events = events;
        this.properties = properties;
        this.clock = clock.orElse(Clock.systemUTC());
        mongo.indexOps(Survey.class).createIndex(new Index().on("status", Sort.Direction.ASC)
                .on("expiresAt", Sort.Direction.ASC).named("status_expiry"));
        mongo.indexOps(FollowUp.class).createIndex(new Index().on("status", Sort.Direction.ASC)
                .on("createdAt", Sort.Direction.DESC).named("status_created"));
    }

    public SurveyProperties properties() {
        return properties;
    }

    // ---- sending -------------------------------------------------------------------------------------------

    /** Surveys a resolved conversation, once; empty when surveys are off, the channel cannot ask, or it was sent. */
    public Optional<Survey> surveyConversation(String conversationId) {
        if (!properties.onConversationResolved()) {
            return Optional.empty();
        }
        return conversations.conversation(conversationId).flatMap(c -> send(Survey.conversationKey(c.id()),
                SurveyTrigger.CONVERSATION_RESOLVED, c, null, c.assignee()));
    }

    /** Surveys a case that reached "service delivered", once, in the conversation it was opened in. */
    public Optional<Survey> surveyCase(String caseId) {
        if (!properties.onServiceDelivered()) {
            return Optional.empty();
        }
        Case found = cases.byId(caseId).orElse(null);
        if (found == null || found.conversationId() == null) {
            log.info("Case {} has no conversation to send its survey in", caseId);
            return Optional.empty();
        }
        return conversations.conversation(found.conversationId()).flatMap(c -> send(Survey.caseKey(caseId),
                SurveyTrigger.SERVICE_DELIVERED, c, found, found.assignee() != null ? found.assignee() : c.assignee()));
    }

    /**
     * Surveys a conversation because the beneficiary asked to rate the service ({@code asking}), once per
     * conversation. It is the answer to that message, not a notification, so an opt-out of notifications does not
     * hold it back.
     */
    public Optional<Survey> surveyOnRequest(Message asking) {
        return conversations.conversation(asking.conversationId()).flatMap(c -> send(Survey.requestKey(c.id()),
                SurveyTrigger.ON_REQUEST, c, null, c.assignee(), asking));
    }

    private Optional<Survey> send(String id, SurveyTrigger trigger, Conversation conversation, Case about,
                                  String staffId) {
        return send(id, trigger, conversation, about, staffId, null);
    }

    /** @param answering the message the survey answers (asked for), or null (sent by the hub on its own) */
    private Optional<Survey> send(String id, SurveyTrigger trigger, Conversation conversation, Case about,
                                  String staffId, Message answering) {
        boolean notification = trigger != SurveyTrigger.ON_REQUEST;
        if (properties.skipChannels().contains(conversation.channel())
                || (notification && conversations.identity(conversation.channel(), conversation.address())
                .map(Identity::optedOut).orElse(false))) {
            return Optional.empty();
        }
        Instant now = now();
        String language = conversations.beneficiary(conversation.beneficiaryId())
                .map(b -> b.language()).orElse(null);
        var survey = new Survey(id, trigger, conversation.id(), about == null ? null : about.id(),
                about == null ? null : about.reference(), about == null ? null : about.type().name(),
                conversation.beneficiaryId(), conversation.channel(), conversation.address(), staffId,
                "en".equals(language) ? "en" : "ar", SurveyStatus.PENDING, null,
                conversation.status() == ConversationStatus.RESOLVED, now, now.plus(properties.expiry()), null, null,
                null, null);
        try {
            mongo.insert(survey);
        } catch (DuplicateKeyException alreadySent) {
            return Optional.empty();
        }
        Message question;
        try {
            Reply asked = new Reply(wording.question(survey), wording.choices(survey), Author.SYSTEM, "survey", null,
                    notification, Map.of("survey", id));
            question = answering != null ? conversations.answer(answering, asked)
                    : conversations.reply(conversation.id(), asked);
        } catch (RuntimeException e) {
            mongo.remove(query(where("_id").is(id)), Survey.class);
            throw e;
        }
        mongo.updateFirst(query(where("_id").is(id)), new Update().set("messageId", question.id()), Survey.class);
        pending.put(survey);
        events.publishEvent(new SurveySent(id, survey.channel(), trigger, survey.caseType(), staffId, now));
        return survey(id);
    }

    // ---- answers -------------------------------------------------------------------------------------------

    /** The survey a message from this address would answer (or comment on) now, if any. */
    public Optional<Survey> awaiting(ChannelType channel, String address) {
        return pending.awaiting(channel, address);
    }

    /** Takes {@code message} as the answer or the comment of the survey its address was asked; false if it is not. */
    public boolean answer(Message message) {
        return answer(message, now());
    }

    boolean answer(Message message, Instant now) {
        Survey survey = pending.awaiting(message.channel(), message.address(), now).orElse(null);
        if (survey == null) {
            return false;
        }
        Optional<ScoreParser.Score> score = ScoreParser.parse(message.text(), message.quickReplyPayload());
        if (survey.waitingForScore(now)) {
            return score.map(s -> score(survey, message, s, now)).orElse(false);
        }
        if (score.isPresent() && score.get().comment() == null) {
            return true; // a second press of a score button: taken, so the bot does not answer it, and ignored
        }
        return comment(survey, message, now);
    }

    private boolean score(Survey survey, Message message, ScoreParser.Score score, Instant now) {
        Survey answered = mongo.findAndModify(query(where("_id").is(survey.id()).and("status").is(SurveyStatus.PENDING)),
                new Update().set("status", SurveyStatus.ANSWERED).set("score", score.value())
                        .set("answeredAt", now).set("comment", score.comment())
                        .set("commentUntil", score.comment() == null ? now.plus(properties.commentWindow()) : null),
                FindAndModifyOptions.options().returnNew(true), Survey.class);
        if (answered == null) {
            return false;
        }
        mongo.insert(new SurveyAnswer(survey.id(), score.value(), score.comment(), message.text(), message.id(),
                survey.channel(), survey.trigger(), survey.caseType(), survey.staffId(), now));
        boolean low = score.value() <= properties.lowScore();
        if (low) {
            mongo.insert(new FollowUp(survey.id(), score.value(), score.comment(), survey.beneficiaryId(),
                    survey.conversationId(), survey.caseId(), survey.caseReference(), survey.channel(),
                    survey.staffId(), FollowUp.Status.OPEN, now, null, null, null));
        }
        if (score.comment() != null) {
            pending.clear(survey);
        }
        events.publishEvent(new SurveyAnswered(survey.id(), survey.channel(), survey.trigger(), survey.caseType(),
                survey.staffId(), score.value(), now));
        conversations.answer(message, new Reply(wording.thanks(survey, score.value(),
                score.comment() != null, low), List.of(), Author.SYSTEM, "survey-thanks", null, false,
                Map.of("survey", survey.id())));
        resolveAgain(survey, message);
        return true;
    }

    private boolean comment(Survey survey, Message message, Instant now) {
        String text = message.text() == null ? "" : message.text().strip();
        if (text.isEmpty()) {
            return false;
        }
        Survey commented = mongo.findAndModify(query(where("_id").is(survey.id()).and("comment").is(null)),
                new Update().set("comment", text).unset("commentUntil"),
                FindAndModifyOptions.options().returnNew(true), Survey.class);
        if (commented == null) {
            return false;
        }
        mongo.updateFirst(query(where("_id").is(survey.id())), new Update().set("comment", text), SurveyAnswer.class);
        mongo.updateFirst(query(where("_id").is(survey.id())), new Update().set("comment", text), FollowUp.class);
        pending.clear(survey);
        conversations.answer(message, new Reply(wording.commentThanks(survey), List.of(),
                Author.SYSTEM, "survey-thanks", null, false, Map.of("survey", survey.id())));
        resolveAgain(survey, message);
        return true;
    }

    /** An answer reopened the resolved conversation it continues: close it again, as it was. */
    private void resolveAgain(Survey survey, Message message) {
        if (survey.reopened() && survey.conversationId().equals(message.conversationId())) {
            conversations.changeStatus(survey.conversationId(), ConversationStatus.RESOLVED, survey.staffId());
        }
    }

    // ---- expiry --------------------------------------------------------------------------------------------

    /** Marks the surveys whose time is up as expired; an answer after that is not taken. */
    public int expire() {
        return expire(now());
    }

    int expire(Instant now) {
        int expired = 0;
        for (Survey due : mongo.find(query(where("status").is(SurveyStatus.PENDING).and("expiresAt").lte(now))
                .limit(1000), Survey.class)) {
            Survey changed = mongo.findAndModify(query(where("_id").is(due.id()).and("status").is(SurveyStatus.PENDING)),
                    new Update().set("status", SurveyStatus.EXPIRED), Survey.class);
            if (changed != null) {
                pending.clear(due);
                events.publishEvent(new SurveyExpired(due.id(), due.channel(), now));
                expired++;
            }
        }
        return expired;
    }

    // ---- reads ---------------------------------------------------------------------------------------------

    public Optional<Survey> survey(String id) {
        return Optional.ofNullable(mongo.findById(id, Survey.class));
    }

    public Optional<SurveyAnswer> answerOf(String surveyId) {
        return Optional.ofNullable(mongo.findById(surveyId, SurveyAnswer.class));
    }

    public Optional<FollowUp> followUp(String surveyId) {
        return Optional.ofNullable(mongo.findById(surveyId, FollowUp.class));
    }

    /** The open follow-ups, newest first, for the console's managers. */
    public List<FollowUp> openFollowUps(int limit) {
        return mongo.find(query(where("status").is(FollowUp.Status.OPEN)).with(Sort.by(Sort.Direction.DESC,
                "createdAt")).limit(limit), FollowUp.class);
    }

    /** Closes an open follow-up with what was done about it; a follow-up is closed once. */
    public void closeFollowUp(String id, String by, String outcome) {
        String done = outcome == null ? "" : outcome.strip();
        if (done.isEmpty() || done.length() > 2000) {
            throw new IllegalArgumentException("Say what was done (up to 2,000 characters)");
        }
        var closed = mongo.updateFirst(query(where("_id").is(id).and("status").is(FollowUp.Status.OPEN)),
                new Update().set("status", FollowUp.Status.DONE).set("closedBy", by).set("closedAt", now())
                        .set("outcome", done), FollowUp.class);
        if (closed.getMatchedCount() == 0) {
            throw new IllegalArgumentException("No open follow-up " + id);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
