package org.sila.console.internal;

import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

import org.sila.casework.Case;
import org.sila.casework.CaseAccess;
import org.sila.casework.CaseService;
import org.sila.casework.CaseStage;
import org.sila.casework.CaseType;
import org.sila.casework.CaseWorkflow;
import org.sila.casework.CompensationCondition;
import org.sila.casework.CompensationReview;
import org.sila.casework.Compensations;
import org.sila.conversation.Beneficiary;
import org.sila.conversation.ConversationService;
import org.sila.staff.AuditLog;
import org.sila.staff.PersonalData;
import org.sila.staff.Role;
import org.sila.staff.StaffAccount;
import org.sila.staff.StaffDirectory;
import org.sila.staff.StaffMember;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Cases: the list with due dates (overdue first to the eye), one case with its history and the allowed moves. */
@Controller
class CaseController {

    private static final List<String> CRITERIA = CaseWorkflow.CRITERIA;

    private final CaseService cases;
    private final CaseWorkflow workflow;
    private final ConversationService conversations;
    private final StaffDirectory staff;
    private final AuditLog audit;
    private final CaseAccess access;
    private final Compensations compensations;

    CaseController(CaseService cases, CaseWorkflow workflow, ConversationService conversations,
                   StaffDirectory staff, AuditLog audit, CaseAccess access, Compensations compensations) {
        this.access = access;
        this.compensations = compensations;
        this.cases = cases;
        this.workflow = workflow;
        this.conversations = conversations;
        this.staff = staff;
        this.audit = audit;
    }

    @GetMapping("/console/cases")
    String list(@RequestParam(defaultValue = "false") boolean mine, Authentication auth, Model model) {
        StaffMember me = StaffMember.from(auth);
        audit.record(me.username(), AuditLog.VIEW, null, null, mine ? "cases mine" : "cases");
        List<Views.CaseRow> rows = workflow.open(me, mine, 300).stream()
                .map(c -> new Views.CaseRow(c, name(c), c.dueAt(), workflow.overdue(c))).toList();
        model.addAttribute("rows", rows);
        model.addAttribute("mine", mine);
        return "console/cases";
    }

    @GetMapping("/console/cases/{id}")
    String view(@PathVariable String id, Authentication auth, Model model) {
        Case c = find(id);
        StaffMember me = StaffMember.from(auth);
        if (!access.maySee(c, me)) {
            throw new ConsoleAdvice.Forbidden("This case is not part of your work");
        }
        audit.record(me.username(), AuditLog.VIEW, c.beneficiaryId(), c.id(), "case " + c.reference());
        var fields = c.fields().entrySet().stream().filter(e -> !CRITERIA.contains(e.getKey()))
                .map(e -> new Views.Field(e.getKey(), PersonalData.show(me, e.getKey(), e.getValue()))).toList();
        var criteria = c.fields().entrySet().stream().filter(e -> CRITERIA.contains(e.getKey()))
                .map(e -> new Views.Field(e.getKey(), PersonalData.show(me, e.getKey(), e.getValue()))).toList();
        model.addAttribute("view", new Views.CaseView(c, name(c), c.dueAt(), workflow.overdue(c), fields,
                criteria, workflow.movesFor(c, me)));
        model.addAttribute("criteriaKeys", CRITERIA);
        model.addAttribute("mayRecordCriteria", access.mayRecordCriteria(c, me));
        model.addAttribute("assignable", staff.all().stream().filter(StaffAccount::active)
                .filter(a -> !a.username().equals(c.aboutStaffId()))
                .filter(a -> a.roles().stream().anyMatch(CaseAccess.CASEWORK::contains)).toList());
        if (c.type() == CaseType.COMPENSATION) {
            CompensationReview review = compensations.review(c.id());
            model.addAttribute("compensation", review);
            model.addAttribute("conditions", CompensationCondition.values());
            model.addAttribute("mayReview", review.decision() == null && c.stage() == CaseStage.INVESTIGATING
                    && me.has(Role.COMMITTEE) && !me.username().equals(c.aboutStaffId()));
        }
        return "console/case";
    }

    @PostMapping("/console/cases/{id}/move")
    String move(@PathVariable String id, @RequestParam CaseStage from, @RequestParam CaseStage to,
                @RequestParam(required = false) String note, Authentication auth) {
        Case moved = workflow.move(id, from, to, StaffMember.from(auth), note);
        audit.record(auth.getName(), "CASE_MOVE", moved.beneficiaryId(), id, from + " -> " + to);
        return "redirect:/console/cases/" + id;
    }

    @PostMapping("/console/cases/{id}/criteria")
    String criteria(@PathVariable String id, @RequestParam Map<String, String> form, Authentication auth) {
        Map<String, String> criteria = new LinkedHashMap<>();
        CRITERIA.forEach(key -> criteria.put(key, form.get(key)));
        Case recorded = workflow.recordCriteria(id, criteria, StaffMember.from(auth));
        audit.record(auth.getName(), "CASE_CRITERIA", recorded.beneficiaryId(), id, null);
        return "redirect:/console/cases/" + id;
    }

    @PostMapping("/console/cases/{id}/assign")
    String assign(@PathVariable String id, @RequestParam String to, Authentication auth) {
        Case assigned = workflow.assign(id, to, StaffMember.from(auth));
        audit.record(auth.getName(), "CASE_ASSIGN", assigned.beneficiaryId(), id, to);
        return "redirect:/console/cases/" + id;
    }

    /** The committee's finding on one of the compensation policy's conditions, with its evidence. */
    @PostMapping("/console/cases/{id}/compensation/findings")
    String finding(@PathVariable String id, @RequestParam CompensationCondition condition, @RequestParam boolean met,
                   @RequestParam(required = false) CompensationCondition.Proof proof,
                   @RequestParam(required = false) String evidence, @RequestParam(required = false) String terms,
                   Authentication auth) {
        compensations.record(id, condition, met, proof, evidence, terms, StaffMember.from(auth));
        audit.record(auth.getName(), "COMPENSATION_FINDING", find(id).beneficiaryId(), id,
                condition + (met ? " met" : " not met"));
        return "redirect:/console/cases/" + id;
    }

    @PostMapping("/console/cases/{id}/compensation/decision")
    String decide(@PathVariable String id, Authentication auth) {
        CompensationReview decided = compensations.decide(id, StaffMember.from(auth));
        audit.record(auth.getName(), "COMPENSATION_DECISION", find(id).beneficiaryId(), id,
                decided.decision().result().name());
        return "redirect:/console/cases/" + id;
    }

    private String name(Case c) {
        return c.beneficiaryId() == null ? null
                : conversations.beneficiary(c.beneficiaryId()).map(Beneficiary::name).orElse(null);
    }

    private Case find(String id) {
        return cases.byId(id).orElseThrow(() -> new ConsoleAdvice.NotFound("No case " + id));
    }
}
