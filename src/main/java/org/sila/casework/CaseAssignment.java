package org.sila.casework;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.bson.Document;
import org.sila.association.AssociationProfile;
import org.sila.association.AssociationProfile.WorkArea;
import org.sila.staff.Role;
import org.sila.staff.StaffAccount;
import org.sila.staff.StaffDirectory;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * Who a new case goes to, in turn: requests among the researchers, the rest among the officers, never to the
 * staff member a complaint is about. When the profile has work areas and the case belongs to one (by its programme,
 * else its city), the turn goes round that area's staff of the needed role instead; an area with none of them
 * active leaves the case to the association-wide turn.
 */
@Component
class CaseAssignment {

    private final StaffDirectory staff;
    private final MongoTemplate mongo;

    CaseAssignment(StaffDirectory staff, MongoTemplate mongo) {
        this.staff = staff;
        this.mongo = mongo;
    }

    Optional<String> next(OpenCase request, AssociationProfile profile) {
        Role role = request.type() == CaseType.SUPPORT_REQUEST ? Role.RESEARCHER : Role.OFFICER;
        List<String> all = staff.withRole(role).stream().map(StaffAccount::username)
                .filter(name -> !name.equals(request.aboutStaffId())).toList();
        Optional<WorkArea> area = areaOf(request, profile);
        if (area.isPresent()) {
            List<String> inArea = all.stream().filter(area.get().officers()::contains).toList();
            if (!inArea.isEmpty()) {
                return Optional.of(turn(inArea, "round-robin-" + role + "-area-" + area.get().id()));
            }
        }
        return all.isEmpty() ? Optional.empty() : Optional.of(turn(all, "round-robin-" + role));
    }

    /**
     * The work area of a case: the first area covering its programme, else the first covering its city. A case
     * that says neither (a complaint, a callback) takes them from the beneficiary's latest case that does; a
     * support request of an association with one programme is in that programme.
     */
    Optional<WorkArea> areaOf(OpenCase request, AssociationProfile profile) {
        if (profile.workAreas().isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> fields = request.fields();
        if (!fields.containsKey("programme") && !fields.containsKey("city") && request.beneficiaryId() != null) {
            Case earlier = mongo.findOne(query(where("beneficiaryId").is(request.beneficiaryId()))
                    .with(Sort.by(Sort.Direction.DESC, "createdAt")).limit(1), Case.class);
            fields = earlier == null ? fields : earlier.fields();
        }
        String programme = fields.get("programme");
        if (programme == null && request.type() == CaseType.SUPPORT_REQUEST && profile.programmes().size() == 1) {
            programme = profile.programmes().get(0).id();
        }
        String p = programme;
        Optional<WorkArea> byProgramme = p == null ? Optional.empty()
                : profile.workAreas().stream().filter(a -> a.programmes().contains(p)).findFirst();
        if (byProgramme.isPresent() || fields.get("city") == null) {
            return byProgramme;
        }
        String city = fields.get("city");
        return profile.workAreas().stream()
                .filter(a -> a.cities().stream().anyMatch(name -> PlaceNames.names(city, name))).findFirst();
    }

    private String turn(List<String> candidates, String counter) {
        Document turn = mongo.findAndModify(query(where("_id").is(counter)),
                new Update().inc("value", 1L), FindAndModifyOptions.options().upsert(true).returnNew(true),
                Document.class, "counters");
        long value = ((Number) turn.get("value")).longValue();
        return candidates.get((int) ((value - 1) % candidates.size()));
    }
}
