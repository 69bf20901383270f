package org.sila.survey;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.sila.staff.BeneficiaryData;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * A beneficiary's surveys, answers and low-score follow-ups in data-protection requests. Erasure keeps the scores
 * (the measurement centre counted them) and drops what they wrote, what staff wrote of what was done for them,
 * and where they were reached, the pending survey of their address included.
 */
@Component
class SurveyRecords implements BeneficiaryData {

    private final MongoTemplate mongo;
    private final PendingSurveys pending;

    SurveyRecords(MongoTemplate mongo, PendingSurveys pending) {
        this.mongo = mongo;
        this.pending = pending;
    }

    @Override
    public String section() {
        return "surveys";
    }

    @Override
    public Object export(Subject subject) {
        List<Survey> surveys = surveysOf(subject);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sent", surveys);
        out.put("answers", mongo.find(query(where("_id").in(ids(surveys))), SurveyAnswer.class));
        out.put("followUps", mongo.find(query(where("beneficiaryId").is(subject.beneficiaryId())), FollowUp.class));
        return out;
    }

    @Override
    public long erase(Subject subject) {
        List<Survey> surveys = surveysOf(subject);
        long erased = mongo.updateMulti(query(where("_id").in(ids(surveys))),
                new Update().unset("comment").unset("address"), Survey.class).getModifiedCount();
        erased += mongo.updateMulti(query(where("_id").in(ids(surveys))),
                new Update().unset("comment").unset("raw"), SurveyAnswer.class).getModifiedCount();
        erased += mongo.updateMulti(query(where("beneficiaryId").is(subject.beneficiaryId())),
                new Update().unset("comment").unset("outcome"), FollowUp.class).getModifiedCount();
        // The survey a reply from their address would answer: keyed by that address, so it goes too.
        erased += pending.forget(ids(surveys));
        return erased;
    }

    private List<Survey> surveysOf(Subject subject) {
        return mongo.find(query(where("beneficiaryId").is(subject.beneficiaryId())), Survey.class);
    }

    private static List<String> ids(List<Survey> surveys) {
        return surveys.stream().map(Survey::id).toList();
    }
}
