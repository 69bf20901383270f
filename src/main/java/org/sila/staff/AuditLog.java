package org.sila.staff;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import org.bson.types.ObjectId;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/** Every view of a beneficiary's file and every change staff make; a manager reads it. Append-only. */
@Service
public class AuditLog {

    public static final String VIEW = "VIEW";

    private final MongoTemplate mongo;
    private final Clock clock;

    AuditLog(MongoTemplate mongo, Optional<Clock> clock) {
        this.mongo = mongo;
        this.clock = clock.orElse(Clock.systemUTC());
        mongo.indexOps(AuditEntry.class).createIndex(new Index().on("beneficiaryId", Sort.Direction.ASC)
                .on("at", Sort.Direction.DESC).named("beneficiary_at"));
        mongo.indexOps(AuditEntry.class).createIndex(new Index().on("at", Sort.Direction.DESC).named("at"));
    }

    public void record(String actor, String action, String beneficiaryId, String subjectId, String detail) {
        mongo.insert(new AuditEntry(new ObjectId().toHexString(), clock.instant().truncatedTo(ChronoUnit.MILLIS),
                actor, action, beneficiaryId, subjectId, detail));
    }

    /** The newest entries, optionally only those about one beneficiary. */
    public List<AuditEntry> latest(String beneficiaryId, int limit) {
        Query q = beneficiaryId == null || beneficiaryId.isBlank() ? new Query()
                : query(where("beneficiaryId").is(beneficiaryId));
        return mongo.find(q.with(Sort.by(Sort.Direction.DESC, "at", "_id")).limit(limit), AuditEntry.class);
    }
}
