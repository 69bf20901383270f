package org.sila.casework;

import java.util.List;
import java.util.Optional;

import org.bson.Document;
import org.sila.staff.Role;
import org.sila.staff.StaffAccount;
import org.sila.staff.StaffDirectory;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * Who a new case goes to, in turn: requests among the researchers, the rest among the officers, never to the
 * staff member a complaint is about. (By work area, with a liaison officer per area, needs the association's
 * profile; not yet.)
 */
@Component
class CaseAssignment {

    private final StaffDirectory staff;
    private final MongoTemplate mongo;

    CaseAssignment(StaffDirectory staff, MongoTemplate mongo) {
        this.staff = staff;
        this.mongo = mongo;
    }

    Optional<String> next(CaseType type, String excluded) {
        Role role = type == CaseType.SUPPORT_REQUEST ? Role.RESEARCHER : Role.OFFICER;
        List<String> candidates = staff.withRole(role).stream().map(StaffAccount::username)
                .filter(name -> !name.equals(excluded)).toList();
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        Document turn = mongo.findAndModify(query(where("_id").is("round-robin-" + role)),
                new Update().inc("value", 1L), FindAndModifyOptions.options().upsert(true).returnNew(true),
                Document.class, "counters");
        long value = ((Number) turn.get("value")).longValue();
        return Optional.of(candidates.get((int) ((value - 1) % candidates.size())));
    }
}
