package org.sila.survey;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.bson.Document;
import org.sila.channel.ChannelType;
import org.sila.store.StoreAccess;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * The survey each address was last asked, in {@code survey_pending} keyed by {@code CHANNEL:address}: finding it is
 * a lookup by id on both stores, however many surveys there are. A newer survey replaces an older one. Depends on
 * the store only, so the conversation store can ask it where an answer belongs.
 *
 * <p>Every inbound message asks twice (where it belongs, then whether it answers a survey) and almost always for an
 * address that has none. Where this process is the store's only writer ({@link StoreAccess#soleProcess}), the keys
 * and survey ids are also kept here, read once at the first question, so that such a message costs no read.
 */
@Component
public class PendingSurveys {

    static final String COLLECTION = "survey_pending";

    private final MongoTemplate mongo;
    private final Clock clock;
    /** Survey id by key, as stored; null where other processes may write (then the store is asked each time). */
    private final Map<String, String> kept;
    private volatile boolean keptRead;

    PendingSurveys(MongoTemplate mongo, StoreAccess store, Optional<Clock> clock) {
        this.mongo = mongo;
        this.clock = clock.orElse(Clock.systemUTC());
        this.kept = store.soleProcess() ? new ConcurrentHashMap<>() : null;
    }

    /** The survey a message from this address would answer (or comment on) now, if any. */
    public Optional<Survey> awaiting(ChannelType channel, String address) {
        return awaiting(channel, address, clock.instant().truncatedTo(ChronoUnit.MILLIS));
    }

    Optional<Survey> awaiting(ChannelType channel, String address, Instant now) {
        String surveyId = surveyId(key(channel, address));
        if (surveyId == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(mongo.findById(surveyId, Survey.class))
                .filter(s -> s.waitingForScore(now) || s.waitingForComment(now));
    }

    void put(Survey survey) {
        String key = key(survey.channel(), survey.address());
        mongo.upsert(query(where("_id").is(key)), new Update().set("surveyId", survey.id()), COLLECTION);
        if (kept != null) {
            keptRead();
            kept.put(key, survey.id());
        }
    }

    /** Forgets the address's pending survey if it is still this one. */
    void clear(Survey survey) {
        String key = key(survey.channel(), survey.address());
        mongo.remove(query(where("_id").is(key).and("surveyId").is(survey.id())), COLLECTION);
        if (kept != null) {
            keptRead();
            kept.remove(key, survey.id());
        }
    }

    /** Forgets these surveys wherever they are still pending (an erasure); returns how many were. */
    long forget(List<String> surveyIds) {
        long forgotten = mongo.remove(query(where("surveyId").in(surveyIds)), COLLECTION).getDeletedCount();
        if (kept != null) {
            keptRead();
            kept.values().removeAll(surveyIds);
        }
        return forgotten;
    }

    private String surveyId(String key) {
        if (kept != null) {
            keptRead();
            return kept.get(key);
        }
        Document pending = mongo.findById(key, Document.class, COLLECTION);
        return pending == null ? null : pending.getString("surveyId");
    }

    /** Fills {@link #kept} from the store, once (not at start: a large store must not hold the hub up). */
    private void keptRead() {
        if (keptRead) {
            return;
        }
        synchronized (kept) {
            if (!keptRead) {
                for (Document pending : mongo.findAll(Document.class, COLLECTION)) {
                    kept.putIfAbsent(pending.getString("_id"), pending.getString("surveyId"));
                }
                keptRead = true;
            }
        }
    }

    private static String key(ChannelType channel, String address) {
        return channel.name() + ":" + address;
    }
}
