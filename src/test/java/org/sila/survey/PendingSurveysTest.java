package org.sila.survey;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sila.MemoryStore;
import org.sila.channel.ChannelType;
import org.sila.store.StoreAccess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The survey an address would answer is the same whether the pending surveys are asked of the store each time (other
 * processes on it) or kept in hand (this process alone), across runs of the hub.
 */
class PendingSurveysTest {

    @RegisterExtension
    static final MemoryStore store = new MemoryStore("surveys");

    @Test
    void keptInHandTheyAnswerAsTheStoreDoesAcrossARestart() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        // asked by an earlier run, before this one started
        Survey earlier = survey("earlier", "+966500000000", now);
        store.mongo().insert(earlier);
        new PendingSurveys(store.mongo(), new StoreAccess(false), Optional.empty()).put(earlier);

        PendingSurveys asking = new PendingSurveys(store.mongo(), new StoreAccess(false), Optional.empty());
        PendingSurveys keeping = new PendingSurveys(store.mongo(), new StoreAccess(true), Optional.empty());
        Random random = new Random(7);
        List<Survey> asked = new ArrayList<>(List.of(earlier));
        for (int step = 0; step < 300; step++) {
            String address = "+96650000000" + random.nextInt(6);
            if (step % 50 == 49) {
                keeping.forget(List.of(asked.get(random.nextInt(asked.size())).id())); // an erasure
            } else if (random.nextInt(3) > 0) {
                Survey survey = survey("s" + step, address, now);
                store.mongo().insert(survey);
                keeping.put(survey);
                asked.add(survey);
            } else {
                keeping.clear(asked.get(random.nextInt(asked.size()))); // often no longer the address's latest
            }
            for (int a = 0; a < 6; a++) {
                String each = "+96650000000" + a;
                assertThat(keeping.awaiting(ChannelType.SMS, each, now)).as("step %d, %s", step, each)
                        .isEqualTo(asking.awaiting(ChannelType.SMS, each, now));
            }
        }
        PendingSurveys restarted = new PendingSurveys(store.mongo(), new StoreAccess(true), Optional.empty());
        for (int a = 0; a < 6; a++) {
            String each = "+96650000000" + a;
            assertThat(restarted.awaiting(ChannelType.SMS, each, now))
                    .isEqualTo(asking.awaiting(ChannelType.SMS, each, now));
        }
        assertThat(store.mongo().findAll(Document.class, PendingSurveys.COLLECTION)).isNotEmpty();
    }

    private static Survey survey(String id, String address, Instant now) {
        return new Survey(id, SurveyTrigger.CONVERSATION_RESOLVED, "c-" + id, null, null, null, "b-" + address,
                ChannelType.SMS, address, null, "ar", SurveyStatus.PENDING, null, false, now, now.plusSeconds(3600),
                null, null, null, null);
    }
}
