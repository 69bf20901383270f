package org.sila.cluster;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoServerException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.sila.channel.SharedRateLimits;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Rate limits kept in the store, so every instance on it draws on the same turns. One document per key holds when
 * its next turn is free ({@code next}, microseconds since the epoch); each turn is taken with one atomic
 * find-and-modify, so two instances never get the same turn. Instances read their own clocks: on one machine or
 * NTP-synchronised hosts the error is a few milliseconds, well inside a provider's tolerance.
 */
@Component
class StoreRateLimits implements SharedRateLimits {

    static final String COLLECTION = "rate_limits";
    /** A key whose next turn is this long past is forgotten (a chat that went quiet). */
    private static final long FORGET_AFTER_MICROS = Duration.ofMinutes(10).toNanos() / 1000;

    private final MongoTemplate mongo;

    StoreRateLimits(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public Duration tryTake(String key, Duration interval) {
        long step = micros(interval);
        while (true) {
            long now = nowMicros();
            if (takeIfFree(key, now, step)) {
                return Duration.ZERO;
            }
            Document held = collection().find(Filters.eq("_id", key)).first();
            if (held == null) {
                if (create(key, now + step)) {
                    return Duration.ZERO;
                }
            } else if (held.getLong("next") > now) {
                return Duration.of(held.getLong("next") - now, ChronoUnit.MICROS);
            }
        }
    }

    @Override
    public Duration reserve(String key, Duration interval) {
        long step = micros(interval);
        while (true) {
            long now = nowMicros();
            // Busy (the usual case under load): the turn after the last one booked is ours.
            Document before = collection().findOneAndUpdate(
                    Filters.and(Filters.eq("_id", key), Filters.gt("next", now)), Updates.inc("next", step));
            if (before != null) {
                // From after the call: a slow store shows as a turn already begun (a negative wait).
                return Duration.of(before.getLong("next") - nowMicros(), ChronoUnit.MICROS);
            }
            if (takeIfFree(key, now, step) || create(key, now + step)) {
                return Duration.ZERO;
            }
        }
    }

    @Override
    public void holdAfter(String key, Duration interval) {
        collection().updateOne(Filters.eq("_id", key), Updates.max("next", nowMicros() + micros(interval)));
    }

    @Override
    public void forget(String key) {
        collection().deleteOne(Filters.eq("_id", key));
    }

    /** Takes the turn at {@code now} if the key's next turn has come; false if it is held or new. */
    private boolean takeIfFree(String key, long now, long step) {
        return collection().findOneAndUpdate(Filters.and(Filters.eq("_id", key), Filters.lte("next", now)),
                Updates.set("next", now + step)) != null;
    }

    /**
     * Creates the key with its first turn taken; false if another instance created it first. (An upsert on the id
     * alone, so that a key that exists is a no-op, not a duplicate-key error.)
     */
    private boolean create(String key, long next) {
        try {
            return collection().updateOne(Filters.eq("_id", key), Updates.setOnInsert("next", next),
                    new UpdateOptions().upsert(true)).getUpsertedId() != null;
        } catch (MongoServerException e) {
            if (ErrorCategory.fromErrorCode(e.getCode()) == ErrorCategory.DUPLICATE_KEY) {
                return false; // two upserts at once on MongoDB: the other one won
            }
            throw e;
        }
    }

    /** Keys of chats that went quiet; the embedded store ignores TTL indexes, so this is done here. */
    @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT10M")
    void forgetIdleKeys() {
        collection().deleteMany(Filters.lt("next", nowMicros() - FORGET_AFTER_MICROS));
    }

    private MongoCollection<Document> collection() {
        return mongo.getCollection(COLLECTION);
    }

    private static long micros(Duration interval) {
        return Math.max(1, interval.toNanos() / 1000);
    }

    private static long nowMicros() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    }
}
