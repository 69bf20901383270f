package org.sila.console.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.sila.casework.CaseAccess;
import org.sila.casework.CaseService;
import org.sila.conversation.Beneficiary;
import org.sila.conversation.BeneficiaryRecords;
import org.sila.conversation.ConversationQueries;
import org.sila.conversation.ConversationService;
import org.sila.staff.AuditLog;
import org.sila.staff.BeneficiaryData;
import org.sila.staff.Role;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A beneficiary's file (personal data shown by role, every view audited), and the data-protection requests: an
 * export of everything held about them as JSON, and erasure across all channels and modules.
 */
@Controller
class BeneficiaryController {

    private final ConversationService conversations;
    private final ConversationQueries queries;
    private final BeneficiaryRecords records;
    private final CaseService cases;
    private final List<BeneficiaryData> holders;
    private final JsonMapper json;
    private final WalkInLog walkIns;
    private final AuditLog audit;
    private final ConversationAccess access;
    private final CaseAccess caseAccess;
    private final Erasure erasure;

    BeneficiaryController(ConversationService conversations, ConversationQueries queries, BeneficiaryRecords records,
                          CaseService cases, List<BeneficiaryData> holders, WalkInLog walkIns, AuditLog audit,
                          ConversationAccess access, CaseAccess caseAccess, Erasure erasure, JsonMapper json) {
        this.erasure = erasure;
        this.holders = holders;
        this.json = json;
        this.access = access;
        this.caseAccess = caseAccess;
        this.conversations = conversations;
        this.queries = queries;
        this.records = records;
        this.cases = cases;
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

    /**
     * Everything held about them, from every module that keeps something ({@link BeneficiaryData}). The
     * administrator answers the beneficiary's own request and gets it whole; the manager's copy is masked like
     * every other view by role.
     */
    @GetMapping(value = "/console/beneficiaries/{id}/export", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAnyRole('ADMIN','MANAGER')")
    ResponseEntity<JsonNode> export(@PathVariable String id, Authentication auth) {
        find(id);
        StaffMember me = StaffMember.from(auth);
        access.checkFile(id, me); // never the complainant's data to the staff member they complained about
        BeneficiaryData.Subject subject = erasure.subject(id);
        Map<String, Object> out = new LinkedHashMap<>(records.export(id));
        holders.forEach(holder -> out.put(holder.section(), holder.export(subject)));
        out.put("audit", audit.latest(id, 10_000));
        JsonNode json = this.json.valueToTree(out);
        if (!me.has(Role.ADMIN)) {
            mask(json, null, me);
        }
        audit.record(auth.getName(), "EXPORT", id, id, me.has(Role.ADMIN) ? "whole" : "masked");
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"beneficiary-" + id + ".json\"")
                .body(json);
    }

    /** Every text in the tree as {@code me} may see it, judged by the name of the field holding it. */
    private static void mask(JsonNode node, String field, StaffMember me) {
        if (node instanceof ObjectNode object) {
            for (var entry : object.properties()) {
                if (entry.getValue().isString()) {
                    object.put(entry.getKey(), PersonalData.show(me, entry.getKey(), entry.getValue().stringValue()));
                } else {
                    mask(entry.getValue(), entry.getKey(), me);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                if (array.get(i).isString()) {
                    array.set(i, PersonalData.show(me, field, array.get(i).stringValue()));
                } else {
                    mask(array.get(i), field, me);
                }
            }
        }
    }

    /**
     * Erases them across every channel and module ({@link BeneficiaryData}), keeping only what the audit needs:
     * the record's id, case references and stages, survey scores, the audit log itself.
     */
    @PostMapping("/console/beneficiaries/{id}/erase")
    @PreAuthorize("hasRole('ADMIN')")
    String erase(@PathVariable String id, @RequestParam String confirm, Authentication auth) {
        find(id);
        // nor may they erase it, and the complaint about them with it
        access.checkFile(id, StaffMember.from(auth));
        if (!"ERASE".equals(confirm)) {
            throw new IllegalArgumentException("Type ERASE to confirm");
        }
        audit.record(auth.getName(), "ERASE", id, id, erasure.erase(id));
        return "redirect:/console/beneficiaries/" + id;
    }

    private Beneficiary find(String id) {
        return conversations.beneficiary(id).orElseThrow(() -> new ConsoleAdvice.NotFound("No beneficiary " + id));
    }
}
