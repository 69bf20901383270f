package org.sila.announce.internal;

import java.util.Arrays;
import java.util.List;

import org.sila.announce.Announcement;
import org.sila.announce.Announcements;
import org.sila.announce.Audience;
import org.sila.announce.Recipient;
import org.sila.association.AssociationProfile.Text;
import org.sila.association.AssociationProfiles;
import org.sila.casework.CaseStage;
import org.sila.channel.ChannelType;
import org.sila.staff.AuditLog;
import org.sila.staff.StaffMember;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;

/** The general manager's announcements: write one for a chosen group, watch it go out, read its report. */
@Controller
@RequestMapping("/console/announcements")
@PreAuthorize("hasRole('MANAGER')")
class AnnouncementPages {

    private final Announcements announcements;
    private final AssociationProfiles associations;
    private final AuditLog audit;

    AnnouncementPages(Announcements announcements, AssociationProfiles associations, AuditLog audit) {
        this.announcements = announcements;
        this.associations = associations;
        this.audit = audit;
    }

    /** Who is signed in: the console's layout shows their navigation. */
    @ModelAttribute("me")
    StaffMember me(Authentication authentication) {
        return authentication == null ? null : StaffMember.from(authentication);
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("announcements", announcements.latest(50).stream().map(announcements::progress).toList());
        model.addAttribute("programmes", associations.active().programmes());
        model.addAttribute("stages", CaseStage.values());
        model.addAttribute("channels", Arrays.stream(ChannelType.values()).filter(c -> !c.isLoggedByStaff()).toList());
        return "console/announcements";
    }

    @PostMapping
    String start(@RequestParam String textAr, @RequestParam(required = false) String textEn,
                 @RequestParam(required = false) List<String> programmes,
                 @RequestParam(required = false) String cities, @RequestParam(required = false) List<CaseStage> stages,
                 @RequestParam(required = false) List<ChannelType> channels, Authentication auth) {
        var audience = new Audience(programmes, cities == null ? List.of() : Arrays.asList(cities.split("[,،\\n]")),
                stages, channels);
        Announcement started = announcements.start(new Text(textAr, textEn), audience, auth.getName());
        audit.record(auth.getName(), "ANNOUNCEMENT", null, started.id(), started.recipients() + " recipients");
        return "redirect:/console/announcements/" + started.id();
    }

    @GetMapping("/{id}")
    String view(@PathVariable String id, Model model, Authentication auth) {
        Announcement a = announcements.find(id).orElseThrow(() -> new NotFound(id));
        // Its report lists the beneficiaries whose copy failed: a view of personal data like the console's.
        audit.record(auth.getName(), AuditLog.VIEW, null, id, "announcement");
        model.addAttribute("p", announcements.progress(a));
        model.addAttribute("failures", announcements.recipients(id, Recipient.State.FAILED, 100));
        return "console/announcement";
    }

    @ExceptionHandler(IllegalArgumentException.class)
    String badInput(IllegalArgumentException bad, Model model, jakarta.servlet.http.HttpServletResponse response) {
        response.setStatus(HttpStatus.BAD_REQUEST.value());
        model.addAttribute("error", bad.getMessage());
        return "console/refused";
    }

    @ResponseStatus(HttpStatus.NOT_FOUND)
    static final class NotFound extends RuntimeException {
        NotFound(String id) {
            super("No announcement " + id);
        }
    }
}
