package org.sila.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.sila.channel.DeliveryStatus;
import org.sila.conversation.Message;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * The outbox as an operator watches it: {@code sila.outbox.queued} (messages stored but not yet sent or failed) and
 * {@code sila.outbox.oldest.age} (seconds the oldest of them has waited; 0 when none). Read from the store, at most
 * once per {@link #EVERY}, whatever the number of scrapers: on the embedded store such a count reads every message.
 */
@Component
class OutboxGauges implements MeterBinder {

    static final Duration EVERY = Duration.ofSeconds(15);

    private final MongoTemplate mongo;
    private final Clock clock = Clock.systemUTC();
    private Reading last = new Reading(Instant.MIN, 0, null);

    OutboxGauges(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("sila.outbox.queued", this, g -> g.reading().queued())
                .description("Outbound messages stored and waiting to be sent").register(registry);
        Gauge.builder("sila.outbox.oldest.age", this, g -> g.reading().oldestAgeSeconds(clock.instant()))
                .description("How long the oldest waiting outbound message has waited").baseUnit("seconds")
                .register(registry);
    }

    private synchronized Reading reading() {
        Instant now = clock.instant();
        if (last.at().plus(EVERY).isAfter(now)) {
            return last;
        }
        long count = mongo.count(queued(), Message.class);
        Instant oldest = count == 0 ? null : mongo.find(queued().with(Sort.by("createdAt")).limit(1), Message.class)
                .stream().findFirst().map(Message::createdAt).orElse(null);
        last = new Reading(now, count, oldest);
        return last;
    }

    private static Query queued() {
        return Query.query(where("status").is(DeliveryStatus.QUEUED));
    }

    private record Reading(Instant at, long queued, Instant oldest) {
        double oldestAgeSeconds(Instant now) {
            return oldest == null ? 0 : Math.max(0, Duration.between(oldest, now).toMillis() / 1000.0);
        }
    }
}
