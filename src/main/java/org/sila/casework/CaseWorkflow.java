package org.sila.casework;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.sila.staff.Role;
import org.sila.staff.StaffAccount;
import org.sila.staff.StaffDirectory;
import org.sila.staff.StaffMember;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

import static org.sila.casework.CaseStage.ACCEPTED;
import static org.sila.casework.CaseStage.ATTESTED;
import static org.sila.casework.CaseStage.CLOSED;
import static org.sila.casework.CaseStage.COMMITTEE_REVIEW;
import static org.sila.casework.CaseStage.COMPLETENESS_CHECK;
import static org.sila.casework.CaseStage.INVESTIGATING;
import static org.sila.casework.CaseStage.RECEIVED;
import static org.sila.casework.CaseStage.REGISTERED;
import static org.sila.casework.CaseStage.REJECTED;
import static org.sila.casework.CaseStage.RESOLVED;
import static org.sila.casework.CaseStage.SERVICE_DELIVERED;
import static org.sila.casework.CaseStage.WITH_RESEARCHER;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * The policy's procedure as a transition table with the role allowed to make each move, due dates and overdue
 * cases, and assignment by hand (never to the staff member a complaint is about).
 */
@Service
@EnableConfigurationProperties(CaseworkProperties.class)
public class CaseWorkflow {

    private static final Set<Role> OFFICER = EnumSet.of(Role.OFFICER);
    private static final Set<Role> RESEARCHER = EnumSet.of(Role.RESEARCHER);
    private static final Set<Role> COMMITTEE = EnumSet.of(Role.COMMITTEE);

    static final List<Transition> REQUEST = List.of(
            new Transition(RECEIVED, COMPLETENESS_CHECK, OFFICER, false),
            new Transition(COMPLETENESS_CHECK, WITH_RESEARCHER, OFFICER, false),
            new Transition(WITH_RESEARCHER, ATTESTED, RESEARCHER, false),
            new Transition(ATTESTED, COMMITTEE_REVIEW, RESEARCHER, false),
            new Transition(COMMITTEE_REVIEW, ACCEPTED, COMMITTEE, false),
            new Transition(COMMITTEE_REVIEW, REJECTED, COMMITTEE, true),
            new Transition(ACCEPTED, REGISTERED, OFFICER, false),
            new Transition(REGISTERED, SERVICE_DELIVERED, OFFICER, false),
            new Transition(SERVICE_DELIVERED, CLOSED, OFFICER, false),
            new Transition(REJECTED, CLOSED, OFFICER, false));
    static final List<Transition> COMPLAINT = List.of(
            new Transition(RECEIVED, INVESTIGATING, OFFICER, false),
            new Transition(INVESTIGATING, RESOLVED, OFFICER, true),
            new Transition(RESOLVED, CLOSED, OFFICER, false));
    /** Resolved only by the committee's decision on the policy's conditions ({@link Compensations#decide}). */
    static final List<Transition> COMPENSATION = List.of(
            new Transition(RECEIVED, INVESTIGATING, OFFICER, false),
            new Transition(RESOLVED, CLOSED, OFFICER, false));
    static final List<Transition> OTHER = List.of(
            new Transition(RECEIVED, CLOSED, OFFICER, true));

    /** Before the committee's decision a request can be late. */
    private static final Set<CaseStage> AWAITING_DECISION = EnumSet.of(RECEIVED, COMPLETENESS_CHECK,
            WITH_RESEARCHER, ATTESTED, COMMITTEE_REVIEW);

    private final CaseService cases;
    private final MongoTemplate mongo;
    private final StaffDirectory staff;
    private final CaseworkProperties properties;
    private final CaseAccess access;
    private final Clock clock;

    CaseWorkflow(CaseService cases, MongoTemplate mongo, StaffDirectory staff, CaseworkProperties properties,
                 CaseAccess access, Optional<Clock> clock) {
        this.cases = cases;
        this.access = access;
        this.mongo = mongo;
        this.staff = staff;
        this.properties = properties;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    public static List<Transition> transitions(CaseType type) {
        return switch (type) {
            case SUPPORT_REQUEST -> REQUEST;
            case COMPLAINT -> COMPLAINT;
            case COMPENSATION -> COMPENSATION;
            default -> OTHER;
        };
    }

    /** The moves {@code who} may make on this case now (the console's buttons). */
    public List<Transition> movesFor(Case c, StaffMember who) {
        return transitions(c.type()).stream()
                .filter(t -> t.from() == c.stage() && access.moveRefusal(c, t, who) == null)
                .toList();
    }

    /**
     * Moves a case one step, if the procedure has that step and {@code who} may take it; the move is timestamped
     * in the case history and raises {@code CaseStageChanged}.
     */
    public Case move(String caseId, CaseStage from, CaseStage to, StaffMember who, String note) {
        Case c = cases.byId(caseId).orElseThrow(() -> new CaseMoveRefused("No case " + caseId, false));
        if (c.stage() != from) {
            throw new CaseMoveRefused("The case moved meanwhile: it is at " + c.stage(), false);
        }
        Transition t = transitions(c.type()).stream().filter(x -> x.from() == from && x.to() == to).findFirst()
                .orElseThrow(() -> new CaseMoveRefused("A " + c.type() + " does not go from " + from + " to " + to,
                        false));
        String refusal = access.moveRefusal(c, t, who);
        if (refusal != null) {
            throw new CaseMoveRefused(refusal, true);
        }
        String why = note == null || note.isBlank() ? null : note.strip();
        if (t.noteRequired() && why == null) {
            throw new CaseMoveRefused("Moving to " + to + " needs the reason or outcome", false);
        }
        try {
            return cases.move(caseId, from, to, who.username(), why);
        } catch (IllegalStateException raced) {
            throw new CaseMoveRefused(raced.getMessage(), false);
        }
    }

    /**
     * Gives a case to an officer or researcher (see {@link CaseAccess}): officers assign; a complaint never goes
     * to the person it is about.
     */
    public Case assign(String caseId, String assignee, StaffMember who) {
        Case c = cases.byId(caseId).orElseThrow(() -> new CaseMoveRefused("No case " + caseId, false));
        StaffAccount account = staff.find(assignee).filter(StaffAccount::active)
                .orElseThrow(() -> new CaseMoveRefused("No active staff member " + assignee, false));
        String refusal = access.assignRefusal(c, account, who);
        if (refusal != null) {
            throw new CaseMoveRefused(refusal, true);
        }
        return setAssignee(c.id(), account.username());
    }

    /** The policy's selection criteria, recorded on the case and summarised for the committee. */
    public static final List<String> CRITERIA = List.of("socialStatus", "trainingNeeds", "ageGroup", "programme");

    /** Records selection criteria: the officer at intake or the researcher the case is assigned to. */
    public Case recordCriteria(String caseId, Map<String, String> criteria, StaffMember who) {
        Case c = cases.byId(caseId).orElseThrow(() -> new CaseMoveRefused("No case " + caseId, false));
        String refusal = access.criteriaRefusal(c, who);
        if (refusal != null) {
            throw new CaseMoveRefused(refusal, true);
        }
        Update update = new Update().set("updatedAt", clock.instant().truncatedTo(ChronoUnit.MILLIS));
        criteria.forEach((key, value) -> {
            if (!CRITERIA.contains(key)) {
                throw new IllegalArgumentException("Not a selection criterion: " + key);
            }
            if (value != null && !value.isBlank()) {
                update.set("fields." + key, value.strip());
            }
        });
        return mongo.findAndModify(query(where("_id").is(caseId)), update,
                FindAndModifyOptions.options().returnNew(true), Case.class);
    }

    public boolean overdue(Case c) {
        Instant due = c.dueAt();
        return due != null && AWAITING_DECISION.contains(c.stage()) && clock.instant().isAfter(due);
    }

    /** The open cases {@code who} may see, due first; only those assigned to them when {@code mine}. */
    public List<Case> open(StaffMember who, boolean mine, int limit) {
        Criteria criteria = where("stage").ne(CLOSED);
        if (mine) {
            criteria = criteria.and("assignee").is(who.username());
        }
        return mongo.find(query(new Criteria().andOperator(criteria, access.visibleTo(who))).with(Sort.by(Sort.Order.asc("dueAt"), Sort.Order.asc("createdAt")))
                .limit(limit), Case.class);
    }

    /** Resolved complaints the complainant did not confirm close by themselves after the set time. */
    int closeUnconfirmedComplaints() {
        Instant cutoff = clock.instant().minus(properties.complaintConfirmTime());
        int closed = 0;
        for (Case c : mongo.find(query(where("stage").is(RESOLVED).and("updatedAt").lte(cutoff)), Case.class)) {
            try {
                cases.move(c.id(), RESOLVED, CLOSED, StaffMember.SYSTEM.username(),
                        "closed after " + properties.complaintConfirmTime().toDays() + " days without confirmation");
                closed++;
            } catch (IllegalStateException movedMeanwhile) {
                // someone closed it by hand meanwhile
            }
        }
        return closed;
    }

    private Case setAssignee(String caseId, String assignee) {
        Case changed = mongo.findAndModify(query(where("_id").is(caseId)),
                new Update().set("assignee", assignee).set("updatedAt", clock.instant().truncatedTo(ChronoUnit.MILLIS)),
                FindAndModifyOptions.options().returnNew(true), Case.class);
        if (changed == null) {
            throw new CaseMoveRefused("No case " + caseId, false);
        }
        return changed;
    }
}
