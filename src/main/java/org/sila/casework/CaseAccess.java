package org.sila.casework;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.sila.staff.Role;
import org.sila.staff.StaffAccount;
import org.sila.staff.StaffMember;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.stereotype.Component;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * Who may see and work which case: the one place the console's pages and lists, the workflow's moves and
 * assignments ask (the table is in the README). Officers and the manager see every case; a researcher the cases
 * assigned to them; the committee the requests that reached its review and the compensation claims; a staff member
 * never a complaint about themselves, nor that complainant's conversations and file.
 */
@Component
public class CaseAccess {

    /** The roles that do casework: the only ones a case or a conversation can be given to. */
    public static final Set<Role> CASEWORK = EnumSet.of(Role.OFFICER, Role.RESEARCHER);

    private final MongoTemplate mongo;

    CaseAccess(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    public boolean maySee(Case c, StaffMember who) {
        if (isAbout(c, who)) {
            return false;
        }
        return who.hasAny(Role.OFFICER, Role.MANAGER)
                || who.has(Role.RESEARCHER) && who.username().equals(c.assignee())
                || who.has(Role.COMMITTEE) && reachedCommittee(c);
    }

    /** The cases {@code who} may see, as a store query: lists are filtered by the same rule as single cases. */
    public Criteria visibleTo(StaffMember who) {
        Criteria notAboutThem = where("aboutStaffId").ne(who.username());
        if (who.hasAny(Role.OFFICER, Role.MANAGER)) {
            return notAboutThem;
        }
        List<Criteria> any = new ArrayList<>();
        if (who.has(Role.RESEARCHER)) {
            any.add(where("assignee").is(who.username()));
        }
        if (who.has(Role.COMMITTEE)) {
            any.add(where("type").is(CaseType.SUPPORT_REQUEST).and("history.to").is(CaseStage.COMMITTEE_REVIEW));
            any.add(where("type").is(CaseType.COMPENSATION));
        }
        if (any.isEmpty()) {
            return where("_id").exists(false);
        }
        return new Criteria().andOperator(notAboutThem, new Criteria().orOperator(any));
    }

    /** Why {@code who} may not make this move, or null when they may. */
    String moveRefusal(Case c, Transition t, StaffMember who) {
        if (isAbout(c, who)) {
            return "A staff member does not handle a complaint about themselves";
        }
        if (who.roles().stream().noneMatch(t.roles()::contains)) {
            return "Moving to " + t.to() + " is for " + t.roles();
        }
        if (t.roles().equals(Set.of(Role.RESEARCHER)) && !who.username().equals(c.assignee())) {
            return "A researcher works the cases assigned to them";
        }
        return null;
    }

    /** Why {@code who} may not give this case to {@code to}, or null when they may. */
    String assignRefusal(Case c, StaffAccount to, StaffMember who) {
        if (!who.has(Role.OFFICER)) {
            return "Only a beneficiary relations officer assigns cases";
        }
        if (isAbout(c, who)) {
            return "A staff member does not handle a complaint about themselves";
        }
        if (to.username().equals(c.aboutStaffId())) {
            return "A complaint is never assigned to the staff member it is about";
        }
        if (to.roles().stream().noneMatch(CASEWORK::contains)) {
            return "Cases go to officers and researchers only";
        }
        return null;
    }

    /** Why {@code who} may not record findings on, or decide, a compensation claim; null when they may. */
    String compensationRefusal(Case c, StaffMember who) {
        if (isAbout(c, who)) {
            return "A staff member does not handle a complaint about themselves";
        }
        if (!who.has(Role.COMMITTEE)) {
            return "The committee records findings and decides compensation claims";
        }
        return null;
    }

    public boolean mayRecordCriteria(Case c, StaffMember who) {
        return c.stage() != CaseStage.CLOSED && criteriaRefusal(c, who) == null;
    }

    /** Why {@code who} may not record selection criteria on this case, or null when they may. */
    String criteriaRefusal(Case c, StaffMember who) {
        if (isAbout(c, who)) {
            return "A staff member does not handle a complaint about themselves";
        }
        if (!who.has(Role.OFFICER) && !(who.has(Role.RESEARCHER) && who.username().equals(c.assignee()))) {
            return "Criteria are recorded by an officer or the case's researcher";
        }
        return null;
    }

    /**
     * True when a complaint about {@code who} came from this beneficiary or was opened in this conversation: then
     * they see neither (their complainant's messages would tell them what was said about them).
     */
    public boolean complainedAbout(StaffMember who, String beneficiaryId, String conversationId) {
        List<Criteria> from = new ArrayList<>();
        if (beneficiaryId != null) {
            from.add(where("beneficiaryId").is(beneficiaryId));
        }
        if (conversationId != null) {
            from.add(where("conversationId").is(conversationId));
        }
        return !from.isEmpty() && mongo.exists(query(new Criteria().andOperator(
                where("aboutStaffId").is(who.username()), new Criteria().orOperator(from))), Case.class);
    }

    /** The complainants and conversations of every complaint about {@code who}, read once for a whole list. */
    public ComplaintsAbout complaintsAbout(StaffMember who) {
        Set<String> beneficiaries = new java.util.HashSet<>();
        Set<String> conversations = new java.util.HashSet<>();
        for (Case c : mongo.find(query(where("aboutStaffId").is(who.username())), Case.class)) {
            if (c.beneficiaryId() != null) {
                beneficiaries.add(c.beneficiaryId());
            }
            if (c.conversationId() != null) {
                conversations.add(c.conversationId());
            }
        }
        return new ComplaintsAbout(beneficiaries, conversations);
    }

    /** See {@link #complaintsAbout}. */
    public record ComplaintsAbout(Set<String> beneficiaries, Set<String> conversations) {
        public boolean cover(String beneficiaryId, String conversationId) {
            return beneficiaries.contains(beneficiaryId) || conversations.contains(conversationId);
        }
    }

    /** True when {@code who} is the researcher of an open case of this beneficiary. */
    public boolean researchesFor(StaffMember who, String beneficiaryId) {
        return who.has(Role.RESEARCHER) && beneficiaryId != null
                && mongo.exists(query(where("beneficiaryId").is(beneficiaryId).and("assignee").is(who.username())
                .and("stage").ne(CaseStage.CLOSED)), Case.class);
    }

    private static boolean isAbout(Case c, StaffMember who) {
        return who.username().equals(c.aboutStaffId());
    }

    /** A request once it reached committee review; a compensation claim, which the committee decides, always. */
    private static boolean reachedCommittee(Case c) {
        return c.type() == CaseType.COMPENSATION || c.type() == CaseType.SUPPORT_REQUEST && (c.stage() == CaseStage.COMMITTEE_REVIEW
                || c.history().stream().anyMatch(h -> h.to() == CaseStage.COMMITTEE_REVIEW));
    }
}
