package org.sila.console.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.sila.casework.CaseAccess;
import org.sila.casework.CaseService;
import org.sila.casework.CaseWorkflow;
import org.sila.conversation.Beneficiary;
import org.sila.conversation.BeneficiaryRecords;
import org.sila.conversation.ConversationQueries;
import org.sila.conversation.ConversationService;
import org.sila.staff.AuditLog;
import org.sila.staff.PersonalData;
import org.sila.staff.StaffMember;
import org.sila.walkin.WalkInLog;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * A beneficiary's file (personal data shown by role, every view audited), and the data-protection requests: an
 * export of everything held about them as JSON, and erasure across all channels keeping only what the audit
 * needs (the record's id, case references and stages, the audit log itself).
 */
@Controller
class BeneficiaryController {

    private final ConversationService conversations;
    private final ConversationQueries queries;
    private final BeneficiaryRecords records;
    private final CaseService cases;
    private final CaseWorkflow workflow;
    private final WalkInLog walkIns;
    private final AuditLog audit;
    private final ConversationAccess access;
    private final CaseAccess caseAccess;

    BeneficiaryController(ConversationService conversations, ConversationQueries queries, BeneficiaryRecords records,
                          CaseService cases, CaseWorkflow workflow, WalkInLog walkIns, AuditLog audit,
                          ConversationAccess access, CaseAccess caseAccess) {
        this.access = access;
        this.caseAccess = caseAccess;
        this.conversations = conversations;
        this.queries = queries;
        this.records = records;
        this.cases = cases;
        this.workflow = workflow;
        this.walkIns = walkIns;
        this.audit = audit;
    }

    @GetMapping("/console/beneficiaries/{id}")
    String file(@PathVariable String id, Authentication auth, Model model) {
        Beneficiary beneficiary = find(id);
        StaffMember me = StaffMember.from(auth);
        access.checkFile(id, me);
        audit.record(me.username(), AuditLog.VIEW, id, id, "file");
        model.addAttribute("beneficiary", beneficiary);
        model.addAttribute("nationalId", walkIns.nationalIdOf(id)
                .map(n -> PersonalData.show(me, "nationalId", n)).orElse(null));
        model.addAttribute("identities", conversations.identities(id));
        model.addAttribute("conversations", queries.conversationsOf(id).stream()
                .filter(c -> access.maySee(c, me)).toList());
        model.addAttribute("cases", cases.ofBeneficiary(id).stream().filter(c -> caseAccess.maySee(c, me)).toList());
        return "console/beneficiary";
    }

    @GetMapping(value = "/console/beneficiaries/{id}/export", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAnyRole('ADMIN','MANAGER')")
    ResponseEntity<Map<String, Object>> export(@PathVariable String id, Authentication auth) {
        find(id);
        Map<String, Object> out = new LinkedHashMap<>(records.export(id));
        out.put("nationalId", walkIns.nationalIdOf(id).orElse(null));
        out.put("cases", cases.ofBeneficiary(id));
        out.put("audit", audit.latest(id, 10_000));
        audit.record(auth.getName(), "EXPORT", id, id, null);
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"beneficiary-" + id + ".json\"")
                .body(out);
    }

    @PostMapping("/console/beneficiaries/{id}/erase")
    @PreAuthorize("hasRole('ADMIN')")
    String erase(@PathVariable String id, @RequestParam String confirm, Authentication auth) {
        find(id);
        if (!"ERASE".equals(confirm)) {
            throw new IllegalArgumentException("Type ERASE to confirm");
        }
        long messages = records.erase(id);
        long caseCount = workflow.erasePersonalData(id);
        walkIns.forget(id);
        audit.record(auth.getName(), "ERASE", id, id, messages + " messages, " + caseCount + " cases anonymised");
        return "redirect:/console/beneficiaries/" + id;
    }

    private Beneficiary find(String id) {
        return conversations.beneficiary(id).orElseThrow(() -> new ConsoleAdvice.NotFound("No beneficiary " + id));
    }
}
