package org.sila.bot;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.sila.association.AssociationProfiles;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Erases the answers of dialogues left unfinished longer than the profile's {@code forgetDialoguesAfter}: an ID
 * number typed into a chat and abandoned is not kept. The beneficiary is told on their next message (the bot does
 * the same check then, so the notice never depends on this sweep having run).
 */
@Component
class UnfinishedDialogues {

    private final MongoTemplate mongo;
    private final Duration keep;
    private final Clock clock;

    UnfinishedDialogues(MongoTemplate mongo, AssociationProfiles profiles, Optional<Clock> clock) {
        this.mongo = mongo;
        this.keep = profiles.active().forgetDialoguesAfter();
        this.clock = clock.orElse(Clock.systemUTC());
    }

    @Scheduled(fixedDelayString = "${sila.bot.forget-sweep-interval:10m}", initialDelayString = "1m")
    void sweep() {
        forgetLeftBefore(clock.instant());
    }

    /** Forgets the dialogues whose last answer is older than the profile allows at {@code now}; returns how many. */
    int forgetLeftBefore(Instant now) {
        if (keep == null) {
            return 0;
        }
        List<DialogueState> left = mongo.find(Query.query(Criteria.where("flow").ne(null)
                .and("updatedAt").lt(now.minus(keep))), DialogueState.class);
        int forgotten = 0;
        for (DialogueState state : left) {
            // Only if untouched since read: an answer arriving meanwhile keeps the dialogue alive.
            Query unchanged = Query.query(Criteria.where("_id").is(state.id()).and("updatedAt").is(state.updatedAt()));
            forgotten += mongo.findAndReplace(unchanged, state.forgettingAnswers(now)) == null ? 0 : 1;
        }
        return forgotten;
    }
}
