package org.sila.console.internal;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import org.sila.association.AssociationProfiles;
import org.sila.channel.ChannelType;
import org.sila.conversation.ConversationQueries;
import org.sila.conversation.Message;
import org.sila.staff.AuditLog;
import org.sila.walkin.WalkIn;
import org.sila.walkin.WalkInLog;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The walk-in log: visits, letters, faxes, calls and branch reports, with today's count. */
@Controller
class WalkInController {

    private static final List<ChannelType> KINDS = Arrays.stream(ChannelType.values())
            .filter(ChannelType::isLoggedByStaff).toList();

    private final WalkInLog log;
    private final ConversationQueries queries;
    private final AuditLog audit;
    private final java.time.ZoneId zone;

    WalkInController(WalkInLog log, ConversationQueries queries, AuditLog audit, AssociationProfiles profiles) {
        this.log = log;
        this.queries = queries;
        this.audit = audit;
        this.zone = profiles.active().timeZone();
    }

    @GetMapping("/console/walkins")
    @PreAuthorize("hasAnyRole('OFFICER','MANAGER')")
    String page(Model model) {
        model.addAttribute("kinds", KINDS);
        model.addAttribute("today", queries.countInbound(KINDS,
                LocalDate.now(zone).atStartOfDay(zone).toInstant()));
        return "console/walkins";
    }

    @PostMapping("/console/walkins")
    @PreAuthorize("hasRole('OFFICER')")
    String log(@RequestParam ChannelType kind, @RequestParam(required = false) String name,
               @RequestParam(required = false) String phone, @RequestParam(required = false) String nationalId,
               @RequestParam String summary, Authentication auth, RedirectAttributes redirect) {
        Message logged = log.log(new WalkIn(kind, null, name, phone, nationalId, summary), auth.getName());
        audit.record(auth.getName(), "WALK_IN", logged.beneficiaryId(), logged.id(), kind.name());
        redirect.addFlashAttribute("logged", logged.beneficiaryId());
        return "redirect:/console/walkins";
    }
}
