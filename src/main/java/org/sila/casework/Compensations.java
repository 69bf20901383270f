package org.sila.casework;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.stream.Collectors;

import org.sila.casework.CaseEvents.CompensationDecided;
import org.sila.casework.CompensationCondition.Proof;
import org.sila.casework.CompensationReview.Decision;
import org.sila.casework.CompensationReview.Finding;
import org.sila.casework.CompensationReview.Outcome;
import org.sila.casework.CompensationReview.Result;
import org.sila.staff.StaffMember;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * Compensation claims under the policy's conditions: the committee records a finding with its evidence for each
 * condition while an officer has the claim under investigation; deciding records the outcome the findings give,
 * resolves the case and raises {@link CompensationDecided} (the beneficiary is told by {@code notify}).
 */
@Service
public class Compensations {

    private final CaseService cases;
    private final CaseAccess access;
    private final MongoTemplate mongo;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Compensations(CaseService cases, CaseAccess access, MongoTemplate mongo, ApplicationEventPublisher events,
                  Optional<Clock> clock) {
        this.access = access;
        this.cases = cases;
        this.mongo = mongo;
        this.events = events;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    public CompensationReview review(String caseId) {
        return Optional.ofNullable(mongo.findById(caseId, CompensationReview.class))
                .orElse(CompensationReview.empty(caseId));
    }

    /**
     * Records (or corrects, until the decision) the committee's finding on one condition. Evidence is required
     * either way; a proof must say whether it is an acknowledgement or a final judgement; a settlement its terms,
     * and only once breach, direct cause and proof are established (there is nothing to negotiate before).
     */
    public CompensationReview record(String caseId, CompensationCondition condition, boolean met, Proof proof,
                                     String evidence, String terms, StaffMember who) {
        Case c = underInvestigation(caseId, who);
        CompensationReview review = review(c.id());
        if (review.decision() != null) {
            throw new CaseMoveRefused("The claim is already decided", false);
        }
        if (isBlank(evidence)) {
            throw new CaseMoveRefused("A finding needs its evidence", false);
        }
        if (condition == CompensationCondition.PROVEN && met && proof == null) {
            throw new CaseMoveRefused("A proof is the association's acknowledgement or a final judgement", false);
        }
        if (condition == CompensationCondition.SETTLED_BY_NEGOTIATION) {
            if (!review.liabilityEstablished()) {
                throw new CaseMoveRefused("Negotiation follows once breach, direct cause and proof are established",
                        false);
            }
            if (met && isBlank(terms)) {
                throw new CaseMoveRefused("A settlement needs the terms agreed", false);
            }
        }
        var finding = new Finding(met, condition == CompensationCondition.PROVEN && met ? proof : null,
                evidence.strip(), condition == CompensationCondition.SETTLED_BY_NEGOTIATION && met ? terms.strip()
                : null, who.username(), now());
        try {
            return mongo.findAndModify(query(where("_id").is(c.id()).and("decision").is(null)),
                    new Update().set("findings." + condition.name(), finding),
                    FindAndModifyOptions.options().upsert(true).returnNew(true), CompensationReview.class);
        } catch (DuplicateKeyException decidedMeanwhile) {
            throw new CaseMoveRefused("The claim is already decided", false);
        }
    }

    /** Records the outcome the findings give (refused when pending), resolves the case and tells who cares. */
    public CompensationReview decide(String caseId, StaffMember who) {
        Case c = underInvestigation(caseId, who);
        Outcome outcome = review(c.id()).outcome();
        if (outcome.result() == Result.PENDING) {
            throw new CaseMoveRefused("Every condition needs a finding first, or one found unmet", false);
        }
        var decision = new Decision(outcome.result(), outcome.unmet(), outcome.terms(), who.username(), now());
        CompensationReview decided = mongo.findAndModify(query(where("_id").is(c.id()).and("decision").is(null)),
                new Update().set("decision", decision), FindAndModifyOptions.options().returnNew(true),
                CompensationReview.class);
        if (decided == null) {
            throw new CaseMoveRefused("The claim is already decided", false);
        }
        cases.move(c.id(), CaseStage.INVESTIGATING, CaseStage.RESOLVED, who.username(), outcome.result()
                + (outcome.unmet().isEmpty() ? ": " + outcome.terms()
                : ": not met " + outcome.unmet().stream().map(Enum::name).collect(Collectors.joining(", "))));
        events.publishEvent(new CompensationDecided(c.id(), c.reference(), c.beneficiaryId(), outcome.result(),
                outcome.unmet(), outcome.terms()));
        return decided;
    }

    private Case underInvestigation(String caseId, StaffMember who) {
        Case c = cases.byId(caseId).orElseThrow(() -> new CaseMoveRefused("No case " + caseId, false));
        if (c.type() != CaseType.COMPENSATION) {
            throw new CaseMoveRefused("Not a compensation claim", false);
        }
        String refusal = access.compensationRefusal(c, who);
        if (refusal != null) {
            throw new CaseMoveRefused(refusal, true);
        }
        if (c.stage() != CaseStage.INVESTIGATING) {
            throw new CaseMoveRefused("The claim is reviewed while under investigation: it is at " + c.stage(), false);
        }
        return c;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
