package org.sila.console.internal;

import jakarta.servlet.http.HttpServletResponse;
import org.sila.casework.CaseMoveRefused;
import org.sila.staff.StaffMember;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Who is signed in, for every console page; refused moves and bad input as clear pages, never a 500. */
@ControllerAdvice(assignableTypes = {InboxController.class, ConversationController.class, CaseController.class,
        WalkInController.class, BeneficiaryController.class, AdminController.class, AttachmentController.class})
class ConsoleAdvice {

    @ModelAttribute("me")
    StaffMember me(Authentication authentication) {
        return authentication == null ? null : StaffMember.from(authentication);
    }

    @ExceptionHandler(CaseMoveRefused.class)
    String refused(CaseMoveRefused refused, Model model, HttpServletResponse response) {
        response.setStatus(refused.isForbidden() ? HttpStatus.FORBIDDEN.value() : HttpStatus.CONFLICT.value());
        model.addAttribute("error", refused.getMessage());
        return "console/refused";
    }

    @ExceptionHandler(IllegalArgumentException.class)
    String badInput(IllegalArgumentException bad, Model model, HttpServletResponse response) {
        response.setStatus(HttpStatus.BAD_REQUEST.value());
        model.addAttribute("error", bad.getMessage());
        return "console/refused";
    }

    @ExceptionHandler(NotFound.class)
    String notFound(NotFound missing, Model model, HttpServletResponse response) {
        response.setStatus(HttpStatus.NOT_FOUND.value());
        model.addAttribute("error", missing.getMessage());
        return "console/refused";
    }

    @ExceptionHandler(ConsoleStreams.TooManyStreams.class)
    org.springframework.http.ResponseEntity<String> tooManyStreams(ConsoleStreams.TooManyStreams refused) {
        return org.springframework.http.ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(org.springframework.http.HttpHeaders.RETRY_AFTER, Long.toString(refused.retryAfterSeconds))
                .body(refused.getMessage());
    }

    @ExceptionHandler(Forbidden.class)
    String forbidden(Forbidden refused, Model model, HttpServletResponse response) {
        response.setStatus(HttpStatus.FORBIDDEN.value());
        model.addAttribute("error", refused.getMessage());
        return "console/refused";
    }

    /** A record outside the staff member's work (see {@link ConversationAccess}): nothing was shown or changed. */
    static final class Forbidden extends RuntimeException {
        Forbidden(String why) {
            super(why);
        }
    }

    static final class NotFound extends RuntimeException {
        NotFound(String what) {
            super(what);
        }
    }
}
