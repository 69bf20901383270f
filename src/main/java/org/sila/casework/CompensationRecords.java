package org.sila.casework;

import java.util.List;

import org.sila.staff.BeneficiaryData;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * The committee's reviews of a beneficiary's compensation claims in data-protection requests. Erased reviews keep
 * which conditions were met, on what kind of proof, by whom and when, and the decision; they lose the evidence and
 * the terms, which describe the beneficiary's harm and what they were given.
 */
@Component
class CompensationRecords implements BeneficiaryData {

    private final MongoTemplate mongo;
    private final CaseService cases;

    CompensationRecords(MongoTemplate mongo, CaseService cases) {
        this.mongo = mongo;
        this.cases = cases;
    }

    @Override
    public String section() {
        return "compensationReviews";
    }

    @Override
    public Object export(Subject subject) {
        return mongo.find(query(where("_id").in(claims(subject))), CompensationReview.class);
    }

    @Override
    public long erase(Subject subject) {
        long erased = 0;
        for (CompensationReview review : mongo.find(query(where("_id").in(claims(subject))),
                CompensationReview.class)) {
            Update update = new Update().unset("decision.terms");
            review.findings().keySet().forEach(c -> update.unset("findings." + c.name() + ".evidence")
                    .unset("findings." + c.name() + ".terms"));
            mongo.updateFirst(query(where("_id").is(review.id())), update, CompensationReview.class);
            erased++;
        }
        return erased;
    }

    private List<String> claims(Subject subject) {
        return cases.ofBeneficiary(subject.beneficiaryId()).stream()
                .filter(c -> c.type() == CaseType.COMPENSATION).map(Case::id).toList();
    }
}
