package org.sila.survey;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import org.bson.Document;
import org.sila.channel.ChannelType;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * The survey each address was last asked, in {@code survey_pending} keyed by {@code CHANNEL:address}: finding it is
 * a lookup by id on both stores, however many surveys there are. A newer survey replaces an older one. Depends on
 * the store only, so the conversation store can ask it where an answer belongs.
 */
@Component
public class PendingSurveys {

    static final String COLLECTION = "survey_pending";

    private final MongoTemplate mongo;
    private final Clock clock;

    PendingSurveys(MongoTemplate mongo, Optional<Clock> clock) {
        this.mongo = mongo;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    /** The survey a message from this address would answer (or comment on) now, if any. */
    public Optional<Survey> awaiting(ChannelType channel, String address) {
        return awaiting(channel, address, clock.instant().truncatedTo(ChronoUnit.MILLIS));
    }

    Optional<Survey> awaiting(ChannelType channel, String address, Instant now) {
        Document pending = mongo.findById(key(channel, address), Document.class, COLLECTION);
        if (pending == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(mongo.findById(pending.getString("surveyId"), Survey.class))
                .filter(s -> s.waitingForScore(now) || s.waitingForComment(now));
    }

    void put(Survey survey) {
        mongo.upsert(query(where("_id").is(key(survey.channel(), survey.address()))),
                new Update().set("surveyId", survey.id()), COLLECTION);
    }

    /** Forgets the address's pending survey if it is still this one. */
    void clear(Survey survey) {
        mongo.remove(query(where("_id").is(key(survey.channel(), survey.address())).and("surveyId").is(survey.id())),
                COLLECTION);
    }

    private static String key(ChannelType channel, String address) {
        return channel.name() + ":" + address;
    }
}
