package org.sila.report.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.sila.report.Charts;
import org.sila.report.DateRange;
import org.sila.report.Exports;
import org.sila.report.MeasurementReport;
import org.sila.report.ReportService;
import org.sila.report.ReportTable;
import org.sila.report.ReportTables;
import org.sila.staff.AuditLog;
import org.sila.staff.StaffMember;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The measurement centre's pages and exports, under {@code /console/reports} (the console's security gives them to
 * the MANAGER role), and closing the follow-ups of low satisfaction scores. Thin: every figure comes from {@link ReportService}, every table from {@link ReportTables}.
 * The page and its files list beneficiaries (follow-ups, what they asked), so each view, download and closed
 * follow-up is in the audit log like the console's.
 */
@Controller
@RequestMapping("/console/reports")
class ReportPages {

    private static final MediaType XLSX =
            MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

    private final ReportService reports;
    private final AuditLog audit;

    ReportPages(ReportService reports, AuditLog audit) {
        this.reports = reports;
        this.audit = audit;
    }

    /** Who is signed in: the console's layout shows their navigation. */
    @ModelAttribute("me")
    StaffMember me(Authentication authentication) {
        return authentication == null ? null : StaffMember.from(authentication);
    }

    @GetMapping
    String page(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                @RequestParam(defaultValue = "GREGORIAN") String calendar, Model model, Authentication auth) {
        DateRange.Calendar cal = calendar(calendar);
        MeasurementReport report = reports.report(range(from, to, cal));
        audit.record(auth.getName(), AuditLog.VIEW, null, null, "reports " + report.range().from() + ".."
                + report.range().to());
        model.addAttribute("report", report);
        model.addAttribute("calendar", cal.name());
        model.addAttribute("from", cal == DateRange.Calendar.HIJRI ? DateRange.hijri(report.range().from())
                : report.range().from().toString());
        model.addAttribute("to", cal == DateRange.Calendar.HIJRI ? DateRange.hijri(report.range().to())
                : report.range().to().toString());
        model.addAttribute("gregorian", report.range().format(DateRange.Calendar.GREGORIAN));
        model.addAttribute("hijri", report.range().format(DateRange.Calendar.HIJRI));
        model.addAttribute("tables", ReportTables.all(report));
        model.addAttribute("trend", Charts.line(Charts.dailyContacts(report), 0, null));
        model.addAttribute("satisfaction", Charts.line(Charts.satisfaction(report), 1, 5.0));
        model.addAttribute("channelBars", Charts.bars(Charts.contactsByChannel(report)));
        model.addAttribute("scoreBars", Charts.bars(Charts.scores(report)));
        model.addAttribute("query", "from=" + report.range().from() + "&to=" + report.range().to());
        return "reports/index";
    }

    /** The general manager's (the README's table): the administrator reads the centre but changes nothing in it. */
    @PostMapping("/followups/{id}/done")
    @PreAuthorize("hasRole('MANAGER')")
    String closeFollowUp(@PathVariable String id, @RequestParam String outcome, Authentication manager) {
        reports.closeFollowUp(id, manager.getName(), outcome);
        audit.record(manager.getName(), "FOLLOW_UP_CLOSE", null, id, null);
        return "redirect:/console/reports#followups-open";
    }

    @GetMapping("/{table}.csv")
    ResponseEntity<byte[]> csv(@PathVariable String table, @RequestParam(required = false) String from,
                               @RequestParam(required = false) String to,
                               @RequestParam(defaultValue = "GREGORIAN") String calendar, Authentication auth) {
        ReportTable found = table(table, from, to, calendar);
        audit.record(auth.getName(), "EXPORT", null, null, "report " + table + ".csv");
        return download(Exports.csv(found), new MediaType("text", "csv", StandardCharsets.UTF_8), table + ".csv");
    }

    @GetMapping("/{table}.xlsx")
    ResponseEntity<byte[]> xlsx(@PathVariable String table, @RequestParam(required = false) String from,
                                @RequestParam(required = false) String to,
                                @RequestParam(defaultValue = "GREGORIAN") String calendar, Authentication auth) {
        List<ReportTable> tables = "all".equals(table)
                ? ReportTables.all(reports.report(range(from, to, calendar(calendar))))
                : List.of(table(table, from, to, calendar));
        audit.record(auth.getName(), "EXPORT", null, null, "report " + table + ".xlsx");
        return download(Exports.xlsx(tables), XLSX, table + ".xlsx");
    }

    @ExceptionHandler(IllegalArgumentException.class)
    @ResponseBody
    ResponseEntity<String> badRequest(IllegalArgumentException e) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).contentType(MediaType.TEXT_PLAIN)
                .body(e.getMessage());
    }

    private ReportTable table(String id, String from, String to, String calendar) {
        MeasurementReport report = reports.report(range(from, to, calendar(calendar)));
        return ReportTables.table(report, id)
                .orElseThrow(() -> new IllegalArgumentException("No table " + id + "; tables: " + ReportTables.IDS));
    }

    private DateRange range(String from, String to, DateRange.Calendar calendar) {
        if (from == null || from.isBlank() || to == null || to.isBlank()) {
            return reports.lastDays(30);
        }
        return DateRange.parse(from, to, calendar);
    }

    private static DateRange.Calendar calendar(String name) {
        try {
            return DateRange.Calendar.valueOf(name.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("calendar is GREGORIAN or HIJRI");
        }
    }

    private static ResponseEntity<byte[]> download(byte[] body, MediaType type, String name) {
        return ResponseEntity.ok().contentType(type).header(HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.attachment().filename(name).build().toString()).body(body);
    }
}
