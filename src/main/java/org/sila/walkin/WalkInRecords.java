package org.sila.walkin;

import org.sila.staff.BeneficiaryData;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/** The national ID staff recorded at a visit, in data-protection requests. */
@Component
class WalkInRecords implements BeneficiaryData {

    private final MongoTemplate mongo;
    private final WalkInLog log;

    WalkInRecords(MongoTemplate mongo, WalkInLog log) {
        this.mongo = mongo;
        this.log = log;
    }

    @Override
    public String section() {
        return "nationalId";
    }

    @Override
    public Object export(Subject subject) {
        return log.nationalIdOf(subject.beneficiaryId()).orElse(null);
    }

    @Override
    public long erase(Subject subject) {
        return mongo.remove(query(where("beneficiaryId").is(subject.beneficiaryId())), WalkInLog.NATIONAL_IDS)
                .getDeletedCount();
    }
}
