package org.sila.console.internal;

import java.util.EnumSet;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.sila.staff.AuditLog;
import org.sila.staff.Role;
import org.sila.staff.StaffDirectory;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Sign-in page, own password, staff accounts (admin) and the audit log (manager, admin). */
@Controller
class AdminController {

    private final StaffDirectory staff;
    private final AuditLog audit;

    AdminController(StaffDirectory staff, AuditLog audit) {
        this.staff = staff;
        this.audit = audit;
    }

    /** One message for every failed sign-in: a locked account looks like a wrong name, so names cannot be probed. */
    @GetMapping("/login")
    String login() {
        return "login";
    }

    @GetMapping("/console/password")
    String passwordPage() {
        return "console/password";
    }

    @PostMapping("/console/password")
    String changePassword(@RequestParam String current, @RequestParam String password, @RequestParam String repeat,
                          Authentication auth, HttpServletRequest request) {
        if (!password.equals(repeat)) {
            throw new IllegalArgumentException("The two passwords differ");
        }
        staff.changePassword(auth.getName(), current, password);
        // A session id seen before the change (over a shoulder, in a proxy log) is worth nothing after it.
        request.changeSessionId();
        audit.record(auth.getName(), "PASSWORD", null, auth.getName(), null);
        return "redirect:/console";
    }

    @GetMapping("/console/audit")
    @PreAuthorize("hasAnyRole('MANAGER','ADMIN')")
    String audit(@RequestParam(required = false) String beneficiary, Model model, Authentication auth) {
        model.addAttribute("entries", audit.latest(beneficiary, 500));
        // Who read the trail, and whose, is itself part of it.
        audit.record(auth.getName(), AuditLog.VIEW, beneficiary, null, "audit log");
        model.addAttribute("beneficiary", beneficiary);
        return "console/audit";
    }

    @GetMapping("/console/staff")
    @PreAuthorize("hasRole('ADMIN')")
    String staffPage(Model model) {
        model.addAttribute("accounts", staff.all());
        model.addAttribute("roles", Role.values());
        return "console/staff";
    }

    @PostMapping("/console/staff")
    @PreAuthorize("hasRole('ADMIN')")
    String create(@RequestParam String username, @RequestParam(required = false) String displayName,
                  @RequestParam String password, @RequestParam(required = false) List<Role> roles,
                  Authentication auth) {
        staff.create(username, displayName, password, roles == null ? EnumSet.noneOf(Role.class)
                : EnumSet.copyOf(roles), true);
        audit.record(auth.getName(), "STAFF_CREATE", null, username, String.valueOf(roles));
        return "redirect:/console/staff";
    }

    @PostMapping("/console/staff/{username}/active")
    @PreAuthorize("hasRole('ADMIN')")
    String setActive(@PathVariable String username, @RequestParam boolean active, Authentication auth) {
        if (!active && username.equals(auth.getName())) {
            throw new IllegalArgumentException("An administrator cannot deactivate their own account");
        }
        staff.setActive(username, active);
        audit.record(auth.getName(), active ? "STAFF_ACTIVATE" : "STAFF_DEACTIVATE", null, username, null);
        return "redirect:/console/staff";
    }
}
