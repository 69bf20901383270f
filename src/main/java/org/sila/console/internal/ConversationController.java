package org.sila.console.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.sila.association.Language;
import org.sila.association.Templates;
import org.sila.casework.CaseAccess;
import org.sila.casework.CaseService;
import org.sila.casework.CaseType;
import org.sila.casework.OpenCase;
import org.sila.channel.Attachment;
import org.sila.channel.QuickReply;
import org.sila.conversation.Author;
import org.sila.conversation.Conversation;
import org.sila.conversation.ConversationQueries;
import org.sila.conversation.ConversationService;
import org.sila.conversation.ConversationStatus;
import org.sila.conversation.Reply;
import org.sila.staff.AuditLog;
import org.sila.staff.StaffAccount;
import org.sila.staff.StaffDirectory;
import org.sila.staff.StaffMember;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/**
 * One conversation with the beneficiary's whole history on every channel: reply (on the conversation's channel,
 * through the outbox), private notes, assign or transfer, take over from the bot and hand back, resolve.
 */
@Controller
class ConversationController {

    private final ConversationService conversations;
    private final ConversationQueries queries;
    private final CaseService cases;
    private final StaffDirectory staff;
    private final AuditLog audit;
    private final Templates templates;
    private final ConversationAccess access;
    private final CaseAccess caseAccess;

    ConversationController(ConversationService conversations, ConversationQueries queries, CaseService cases,
                           StaffDirectory staff, AuditLog audit, Templates templates, ConversationAccess access,
                           CaseAccess caseAccess) {
        this.access = access;
        this.caseAccess = caseAccess;
        this.conversations = conversations;
        this.queries = queries;
        this.cases = cases;
        this.staff = staff;
        this.audit = audit;
        this.templates = templates;
    }

    @GetMapping("/console/conversations/{id}")
    String view(@PathVariable String id, @RequestParam(required = false) String answer, Authentication auth,
                Model model) {
        StaffMember me = StaffMember.from(auth);
        Conversation conversation = visible(id, me);
        audit.record(auth.getName(), AuditLog.VIEW, conversation.beneficiaryId(), id, "conversation");
        fillHistory(conversation, model);
        var beneficiary = conversations.beneficiary(conversation.beneficiaryId()).orElse(null);
        model.addAttribute("beneficiary", beneficiary);
        standardAnswers(answer, beneficiary == null ? null : beneficiary.language(), model);
        model.addAttribute("cases", cases.ofBeneficiary(conversation.beneficiaryId()).stream()
                .filter(c -> caseAccess.maySee(c, me)).toList());
        model.addAttribute("staff", staff.all().stream().filter(StaffAccount::active)
                .filter(a -> a.roles().stream().anyMatch(CaseAccess.CASEWORK::contains))
                .filter(a -> !caseAccess.complainedAbout(new StaffMember(a.username(), a.roles()),
                        conversation.beneficiaryId(), id)).toList());
        model.addAttribute("caseTypes", CaseType.values());
        return "console/conversation";
    }

    /**
     * The association's standard answers (the FAQ's, filled from its profile) for the reply box: their titles in the
     * staff member's language, and the one asked for as a draft in the beneficiary's.
     */
    private void standardAnswers(String answer, String beneficiaryLanguage, Model model) {
        Language staffLanguage = Language.of(LocaleContextHolder.getLocale().getLanguage());
        Map<String, String> titles = new java.util.LinkedHashMap<>();
        templates.keysUnder("faq.").forEach(key -> titles.put(key, templates.has("intent." + key)
                ? templates.text("intent." + key, staffLanguage) : key));
        model.addAttribute("answers", titles);
        if (answer != null && !answer.isBlank()) {
            if (!titles.containsKey(answer)) {
                throw new IllegalArgumentException("No standard answer " + answer);
            }
            model.addAttribute("draft", templates.text("faq." + answer, Language.of(beneficiaryLanguage)));
        }
    }

    /** The history alone, refetched when the page hears of a change. */
    @GetMapping("/console/conversations/{id}/history")
    String history(@PathVariable String id, Authentication auth, Model model) {
        Conversation conversation = visible(id, StaffMember.from(auth));
        audit.record(auth.getName(), AuditLog.VIEW, conversation.beneficiaryId(), id, "history");
        fillHistory(conversation, model);
        return "console/conversation :: history";
    }

    private void fillHistory(Conversation conversation, Model model) {
        String id = conversation.id();
        model.addAttribute("conversation", conversation);
        model.addAttribute("history", queries.historyOf(conversation.beneficiaryId()).stream()
                .map(m -> new Views.HistoryItem(m, m.conversationId().equals(id))).toList());
    }

    /** A reply with its text, buttons and files (a multipart form: the files go out on the channel). */
    @PostMapping("/console/conversations/{id}/reply")
    String reply(@PathVariable String id, @RequestParam(defaultValue = "") String text,
                 @RequestParam(required = false) String buttons,
                 @RequestParam(name = "files", required = false) List<MultipartFile> uploads,
                 Authentication auth) throws IOException {
        Conversation conversation = workable(id, auth);
        List<Attachment> files = new ArrayList<>();
        for (MultipartFile upload : uploads == null ? List.<MultipartFile>of() : uploads) {
            if (!upload.isEmpty()) {
                files.add(new Attachment(upload.getOriginalFilename(), upload.getContentType(), upload.getBytes()));
            }
        }
        if (text.isBlank() && files.isEmpty()) {
            throw new IllegalArgumentException("The reply is empty");
        }
        List<QuickReply> quickReplies = buttons == null ? List.of() : Arrays.stream(buttons.split("[,،\n]"))
                .map(String::strip).filter(b -> !b.isEmpty()).map(QuickReply::of).toList();
        if (conversation.status() == ConversationStatus.BOT || conversation.status() == ConversationStatus.WAITING) {
            conversations.changeStatus(id, ConversationStatus.ASSIGNED, auth.getName()); // a staff reply takes over
        }
        conversations.reply(id, new Reply(text.strip(), quickReplies, Author.staff(auth.getName()), null, null,
                false, Map.of()), files);
        audit.record(auth.getName(), "REPLY", conversation.beneficiaryId(), id, conversation.channel().name()
                + (files.isEmpty() ? "" : " +" + files.size() + " file(s)"));
        return "redirect:/console/conversations/" + id;
    }

    @PostMapping("/console/conversations/{id}/note")
    String note(@PathVariable String id, @RequestParam String text, Authentication auth) {
        Conversation conversation = workable(id, auth);
        if (text.isBlank()) {
            throw new IllegalArgumentException("The note is empty");
        }
        conversations.note(id, auth.getName(), text.strip());
        audit.record(auth.getName(), "NOTE", conversation.beneficiaryId(), id, null);
        return "redirect:/console/conversations/" + id;
    }

    /** Assign or transfer to a colleague; {@code take} and {@code bot} are taking over and handing back. */
    @PostMapping("/console/conversations/{id}/assign")
    String assign(@PathVariable String id, @RequestParam String to, Authentication auth) {
        Conversation conversation = workable(id, auth);
        switch (to) {
            case "bot" -> conversations.changeStatus(id, ConversationStatus.BOT, null);
            case "queue" -> conversations.changeStatus(id, ConversationStatus.WAITING, null);
            default -> {
                String assignee = "me".equals(to) ? auth.getName() : to;
                access.checkAssignee(conversation, staff.find(assignee).filter(StaffAccount::active)
                        .orElseThrow(() -> new IllegalArgumentException("No active staff member " + assignee)));
                conversations.changeStatus(id, ConversationStatus.ASSIGNED, assignee);
            }
        }
        audit.record(auth.getName(), "ASSIGN", conversation.beneficiaryId(), id, to);
        return "redirect:/console/conversations/" + id;
    }

    @PostMapping("/console/conversations/{id}/resolve")
    String resolve(@PathVariable String id, Authentication auth) {
        Conversation conversation = workable(id, auth);
        conversations.changeStatus(id, ConversationStatus.RESOLVED,
                conversation.assignee() != null ? conversation.assignee() : auth.getName());
        audit.record(auth.getName(), "RESOLVE", conversation.beneficiaryId(), id, null);
        return "redirect:/console";
    }

    /** An officer opens a request or complaint from the conversation. */
    @PostMapping("/console/conversations/{id}/cases")
    @PreAuthorize("hasRole('OFFICER')")
    String openCase(@PathVariable String id, @RequestParam CaseType type,
                    @RequestParam(required = false) String summary,
                    @RequestParam(required = false) String aboutStaff, Authentication auth) {
        Conversation conversation = workable(id, auth);
        // A complaint names an account, or the rules that keep it from that person could not recognise them.
        String about = aboutStaff == null || aboutStaff.isBlank() ? null
                : staff.find(StaffDirectory.loginName(aboutStaff)).map(StaffAccount::username)
                        .orElseThrow(() -> new IllegalArgumentException("No staff member " + aboutStaff.strip()));
        var opened = cases.open(new OpenCase(type, conversation.beneficiaryId(), id, conversation.channel(),
                summary == null || summary.isBlank() ? Map.of() : Map.of("summary", summary.strip()), false,
                about, null, null, auth.getName()));
        audit.record(auth.getName(), "CASE_OPEN", conversation.beneficiaryId(), opened.id(), opened.reference());
        return "redirect:/console/cases/" + opened.id();
    }

    private Conversation visible(String id, StaffMember me) {
        Conversation conversation = find(id);
        access.checkSee(conversation, me);
        return conversation;
    }

    private Conversation workable(String id, Authentication auth) {
        Conversation conversation = find(id);
        access.checkWork(conversation, StaffMember.from(auth));
        return conversation;
    }

    private Conversation find(String id) {
        return conversations.conversation(id).orElseThrow(() -> new ConsoleAdvice.NotFound("No conversation " + id));
    }
}
