package org.sila.report;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.sila.survey.FollowUp;

/** The report's tables, one definition for the page, the exports and the e-mail. Rates are rounded to 0.1. */
public final class ReportTables {

    public static final List<String> IDS = List.of("summary", "daily", "channels", "cases", "satisfaction", "staff",
            "followups", "unanswered");

    private ReportTables() {
    }

    public static List<ReportTable> all(MeasurementReport report) {
        List<ReportTable> tables = new ArrayList<>();
        for (String id : IDS) {
            table(report, id).ifPresent(tables::add);
        }
        return tables;
    }

    public static java.util.Optional<ReportTable> table(MeasurementReport report, String id) {
        return java.util.Optional.ofNullable(switch (id) {
            case "summary" -> summary(report);
            case "daily" -> daily(report);
            case "channels" -> channels(report);
            case "cases" -> cases(report);
            case "satisfaction" -> satisfaction(report);
            case "staff" -> staff(report);
            case "followups" -> followUps(report);
            case "unanswered" -> unanswered(report);
            default -> null;
        });
    }

    static ReportTable summary(MeasurementReport r) {
        Counters t = r.totals();
        long visitors = r.visitors().values().stream().mapToLong(Long::longValue).sum();
        List<List<Object>> rows = List.of(
                row(Labels.text("reports.summary.visitors"), visitors),
                row(Labels.text("reports.summary.contacts"), t.get(Metric.CONTACTS)),
                row(Labels.text("reports.summary.inbound"), t.get(Metric.INBOUND)),
                row(Labels.text("reports.summary.outbound"), t.get(Metric.OUTBOUND)),
                row(Labels.text("reports.summary.opened"), t.get(Metric.CONVERSATIONS_OPENED)),
                row(Labels.text("reports.summary.resolved"), t.get(Metric.CONVERSATIONS_RESOLVED)),
                row(Labels.text("reports.summary.first-response"), round(t.averageFirstResponseMinutes())),
                row(Labels.text("reports.summary.resolution"), round(t.averageResolutionHours())),
                row(Labels.text("reports.summary.containment"), round(t.containmentPercent())),
                row(Labels.text("reports.summary.cases-opened"), t.get(Metric.CASES_OPENED)),
                row(Labels.text("reports.summary.cases-closed"), t.get(Metric.CASES_CLOSED)),
                row(Labels.text("reports.summary.committee-sla"), round(r.caseTypesTotal().committeeSlaPercent())),
                row(Labels.text("reports.summary.surveys-sent"), t.get(Metric.SURVEYS_SENT)),
                row(Labels.text("reports.summary.surveys-answered"), t.get(Metric.SURVEYS_ANSWERED)),
                row(Labels.text("reports.summary.response"), round(t.surveyResponsePercent())),
                row(Labels.text("reports.summary.score"), round(t.averageScore())));
        return table("summary", rows);
    }

    static ReportTable daily(MeasurementReport r) {
        List<List<Object>> rows = new ArrayList<>();
        for (Map.Entry<LocalDate, Counters> e : r.days().entrySet()) {
            Counters c = e.getValue();
            rows.add(row(e.getKey().toString(), DateRange.hijri(e.getKey()), r.visitors().get(e.getKey()),
                    c.get(Metric.CONTACTS), c.get(Metric.INBOUND), c.get(Metric.OUTBOUND),
                    c.get(Metric.CONVERSATIONS_OPENED), c.get(Metric.CONVERSATIONS_RESOLVED),
                    c.get(Metric.CASES_OPENED), c.get(Metric.CASES_CLOSED)));
        }
        return table("daily", rows);
    }

    static ReportTable channels(MeasurementReport r) {
        List<List<Object>> rows = new ArrayList<>();
        r.channels().forEach((channel, c) -> rows.add(row(Labels.of(channel), c.get(Metric.CONTACTS),
                c.get(Metric.INBOUND), c.get(Metric.OUTBOUND), c.get(Metric.CONVERSATIONS_OPENED),
                c.get(Metric.CONVERSATIONS_RESOLVED), round(c.averageFirstResponseMinutes()),
                round(c.averageResolutionHours()), round(c.containmentPercent()), c.get(Metric.SURVEYS_SENT),
                c.get(Metric.SURVEYS_ANSWERED), round(c.surveyResponsePercent()), round(c.averageScore()))));
        return table("channels", rows);
    }

    static ReportTable cases(MeasurementReport r) {
        List<List<Object>> rows = new ArrayList<>();
        r.caseTypes().forEach((type, c) -> rows.add(row(Labels.of(type), c.get(Metric.CASES_OPENED),
                c.get(Metric.CASES_CLOSED), c.get(Metric.CASE_ACTIONS), c.get(Metric.COMMITTEE_DECIDED),
                c.get(Metric.COMMITTEE_WITHIN_SLA), c.get(Metric.COMMITTEE_AFTER_SLA), round(c.committeeSlaPercent()),
                c.get(Metric.SURVEYS_SENT), c.get(Metric.SURVEYS_ANSWERED), round(c.averageScore()))));
        return table("cases", rows);
    }

    static ReportTable satisfaction(MeasurementReport r) {
        long[] distribution = r.distribution();
        long answered = r.totals().get(Metric.SURVEYS_ANSWERED);
        List<List<Object>> rows = new ArrayList<>();
        for (int score = 5; score >= 1; score--) {
            long n = distribution[score - 1];
            rows.add(row(score + " — " + Labels.score(score), n,
                    answered == 0 ? null : round(100.0 * n / answered)));
        }
        return table("satisfaction", rows);
    }

    static ReportTable staff(MeasurementReport r) {
        List<List<Object>> rows = new ArrayList<>();
        r.staff().forEach((id, c) -> rows.add(row(id, c.get(Metric.STAFF_REPLIES),
                c.get(Metric.CONVERSATIONS_RESOLVED), c.get(Metric.CASE_ACTIONS), c.get(Metric.SURVEYS_SENT),
                c.get(Metric.SURVEYS_ANSWERED), round(c.averageScore()))));
        return table("staff", rows);
    }

    static ReportTable followUps(MeasurementReport r) {
        List<List<Object>> rows = new ArrayList<>();
        for (FollowUp f : r.followUps()) {
            rows.add(row(f.createdAt().toString(), f.score(), Labels.of(f.channel().name()),
                    f.caseReference() == null ? "" : f.caseReference(), f.staffId() == null ? "" : f.staffId(),
                    f.comment() == null ? "" : f.comment(), f.conversationId()));
        }
        return table("followups", rows);
    }

    static ReportTable unanswered(MeasurementReport r) {
        List<List<Object>> rows = new ArrayList<>();
        r.unanswered().forEach(u -> rows.add(row(u.text(), u.count(), u.lastAt().toString(), Labels.of(u.kind()),
                u.guess() == null ? "" : u.guess())));
        return table("unanswered", rows);
    }

    private static ReportTable table(String id, List<List<Object>> rows) {
        return new ReportTable(id, Labels.title(id), Labels.columns(id), rows);
    }

    static Double round(Double value) {
        return value == null ? null : Math.round(value * 10) / 10.0;
    }

    private static List<Object> row(Object... cells) {
        return java.util.Arrays.asList(cells);
    }
}
