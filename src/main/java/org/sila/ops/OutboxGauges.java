package org.sila.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.sila.conversation.ConversationQueries;
import org.sila.conversation.OutboxDepth;
import org.springframework.stereotype.Component;

/**
 * The outbox as an operator watches it: {@code sila.outbox.queued} (messages stored but not yet sent or failed) and
 * {@code sila.outbox.oldest.age} (seconds the oldest of them has waited; 0 when none). Read from the store, at most
 * once per {@link #EVERY}, whatever the number of scrapers: on the embedded store such a count reads every message.
 */
@Component
class OutboxGauges implements MeterBinder {

    static final Duration EVERY = Duration.ofSeconds(15);

    private final ConversationQueries conversations;
    private final Clock clock = Clock.systemUTC();
    private Reading last = new Reading(Instant.MIN, 0, null);

    OutboxGauges(ConversationQueries conversations) {
        this.conversations = conversations;
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
        OutboxDepth depth = conversations.outboxDepth();
        last = new Reading(now, depth.queued(), depth.oldestCreatedAt());
        return last;
    }

    private record Reading(Instant at, long queued, Instant oldest) {
        double oldestAgeSeconds(Instant now) {
            return oldest == null ? 0 : Math.max(0, Duration.between(oldest, now).toMillis() / 1000.0);
        }
    }
}
