package org.sila.casework;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

import org.sila.staff.BeneficiaryData;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * A beneficiary's cases in data-protection requests. Erased cases lose what was collected (fields, attestation)
 * and what staff wrote in their history (a note can repeat a national ID or a diagnosis), but keep their
 * reference, type, stages and who moved them when, which the audit needs.
 */
@Component
class CaseRecords implements BeneficiaryData {

    private final MongoTemplate mongo;
    private final CaseService cases;
    private final Clock clock;

    CaseRecords(MongoTemplate mongo, CaseService cases, Optional<Clock> clock) {
        this.mongo = mongo;
        this.cases = cases;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    @Override
    public String section() {
        return "cases";
    }

    @Override
    public Object export(Subject subject) {
        return cases.ofBeneficiary(subject.beneficiaryId());
    }

    @Override
    public long erase(Subject subject) {
        long erased = 0;
        for (Case c : cases.ofBeneficiary(subject.beneficiaryId())) {
            var history = c.history().stream()
                    .map(h -> new StageChange(h.from(), h.to(), h.by(), null, h.at())).toList();
            mongo.updateFirst(query(where("_id").is(c.id())), new Update().set("fields", Map.of())
                    .unset("attestation").unset("conversationId").set("history", history)
                    .set("updatedAt", clock.instant().truncatedTo(ChronoUnit.MILLIS)), Case.class);
            erased++;
        }
        return erased;
    }
}
