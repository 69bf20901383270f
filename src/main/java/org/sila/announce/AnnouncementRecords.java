package org.sila.announce;

import org.sila.announce.Recipient.State;
import org.sila.staff.BeneficiaryData;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * Which announcements a beneficiary was on, in data-protection requests. The records say only where each copy
 * stands (the copies themselves are messages, erased with the conversations); erasure skips the copies not yet
 * queued, so nothing more goes to an erased beneficiary, and keeps the counts of the announcements' reports.
 */
@Component
class AnnouncementRecords implements BeneficiaryData {

    private final MongoTemplate mongo;

    AnnouncementRecords(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public String section() {
        return "announcements";
    }

    @Override
    public Object export(Subject subject) {
        return mongo.find(query(where("beneficiaryId").is(subject.beneficiaryId())), Recipient.class);
    }

    @Override
    public long erase(Subject subject) {
        return mongo.updateMulti(query(where("beneficiaryId").is(subject.beneficiaryId())
                        .and("state").in(State.PENDING, State.CLAIMED)),
                new Update().set("state", State.SKIPPED).set("reason", "ERASED").unset("waiting")
                        .unset("leaseUntil"), Recipient.class).getModifiedCount();
    }
}
