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
                row("الزوار (حضوريًا)", visitors),
                row("المتواصلون (مستفيد × قناة × يوم)", t.get(Metric.CONTACTS)),
                row("الرسائل الواردة", t.get(Metric.INBOUND)),
                row("الرسائل الصادرة", t.get(Metric.OUTBOUND)),
                row("الاستفسارات (محادثات جديدة)", t.get(Metric.CONVERSATIONS_OPENED)),
                row("المحادثات المغلقة", t.get(Metric.CONVERSATIONS_RESOLVED)),
                row("متوسط زمن أول رد (دقيقة)", round(t.averageFirstResponseMinutes())),
                row("متوسط زمن الحل (ساعة)", round(t.averageResolutionHours())),
                row("نسبة ما أجاب عنه الرد الآلي دون موظف %", round(t.containmentPercent())),
                row("الطلبات والشكاوى المفتوحة", t.get(Metric.CASES_OPENED)),
                row("الطلبات والشكاوى المغلقة", t.get(Metric.CASES_CLOSED)),
                row("الالتزام بمهلة اللجنة %", round(r.caseTypesTotal().committeeSlaPercent())),
                row("الاستبيانات المرسلة", t.get(Metric.SURVEYS_SENT)),
                row("الاستبيانات المجابة", t.get(Metric.SURVEYS_ANSWERED)),
                row("نسبة الاستجابة %", round(t.surveyResponsePercent())),
                row("متوسط الرضا (من 5)", round(t.averageScore())));
        return new ReportTable("summary", "المؤشرات الرئيسية", List.of("المؤشر", "القيمة"), rows);
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
        return new ReportTable("daily", "الحركة اليومية", List.of("التاريخ", "التاريخ الهجري", "الزوار",
                "المتواصلون", "الواردة", "الصادرة", "محادثات جديدة", "محادثات مغلقة", "طلبات مفتوحة",
                "طلبات مغلقة"), rows);
    }

    static ReportTable channels(MeasurementReport r) {
        List<List<Object>> rows = new ArrayList<>();
        r.channels().forEach((channel, c) -> rows.add(row(Labels.of(channel), c.get(Metric.CONTACTS),
                c.get(Metric.INBOUND), c.get(Metric.OUTBOUND), c.get(Metric.CONVERSATIONS_OPENED),
                c.get(Metric.CONVERSATIONS_RESOLVED), round(c.averageFirstResponseMinutes()),
                round(c.averageResolutionHours()), round(c.containmentPercent()), c.get(Metric.SURVEYS_SENT),
                c.get(Metric.SURVEYS_ANSWERED), round(c.surveyResponsePercent()), round(c.averageScore()))));
        return new ReportTable("channels", "حسب القناة", List.of("القناة", "المتواصلون", "الواردة", "الصادرة",
                "محادثات جديدة", "محادثات مغلقة", "أول رد (دقيقة)", "زمن الحل (ساعة)", "الرد الآلي %",
                "استبيانات مرسلة", "استبيانات مجابة", "الاستجابة %", "متوسط الرضا"), rows);
    }

    static ReportTable cases(MeasurementReport r) {
        List<List<Object>> rows = new ArrayList<>();
        r.caseTypes().forEach((type, c) -> rows.add(row(Labels.of(type), c.get(Metric.CASES_OPENED),
                c.get(Metric.CASES_CLOSED), c.get(Metric.CASE_ACTIONS), c.get(Metric.COMMITTEE_DECIDED),
                c.get(Metric.COMMITTEE_WITHIN_SLA), c.get(Metric.COMMITTEE_AFTER_SLA), round(c.committeeSlaPercent()),
                c.get(Metric.SURVEYS_SENT), c.get(Metric.SURVEYS_ANSWERED), round(c.averageScore()))));
        return new ReportTable("cases", "الطلبات والشكاوى والإجراءات المتخذة، والرضا حسب نوع الطلب",
                List.of("النوع", "مفتوحة", "مغلقة", "الإجراءات", "قرارات اللجنة", "في المهلة", "بعد المهلة",
                        "الالتزام %", "استبيانات مرسلة", "مجابة", "متوسط الرضا"), rows);
    }

    static ReportTable satisfaction(MeasurementReport r) {
        long[] distribution = r.distribution();
        long answered = r.totals().get(Metric.SURVEYS_ANSWERED);
        List<List<Object>> rows = new ArrayList<>();
        for (int score = 5; score >= 1; score--) {
            long n = distribution[score - 1];
            rows.add(row(score + " — " + Labels.SCORES[score - 1], n,
                    answered == 0 ? null : round(100.0 * n / answered)));
        }
        return new ReportTable("satisfaction", "توزيع درجات الرضا", List.of("الدرجة", "العدد", "النسبة %"), rows);
    }

    static ReportTable staff(MeasurementReport r) {
        List<List<Object>> rows = new ArrayList<>();
        r.staff().forEach((id, c) -> rows.add(row(id, c.get(Metric.STAFF_REPLIES),
                c.get(Metric.CONVERSATIONS_RESOLVED), c.get(Metric.CASE_ACTIONS), c.get(Metric.SURVEYS_SENT),
                c.get(Metric.SURVEYS_ANSWERED), round(c.averageScore()))));
        return new ReportTable("staff", "حسب الموظف", List.of("الموظف", "الردود", "محادثات أغلقها",
                "إجراءات على الطلبات", "استبيانات مرسلة", "مجابة", "متوسط الرضا"), rows);
    }

    static ReportTable followUps(MeasurementReport r) {
        List<List<Object>> rows = new ArrayList<>();
        for (FollowUp f : r.followUps()) {
            rows.add(row(f.createdAt().toString(), f.score(), Labels.of(f.channel().name()),
                    f.caseReference() == null ? "" : f.caseReference(), f.staffId() == null ? "" : f.staffId(),
                    f.comment() == null ? "" : f.comment(), f.conversationId()));
        }
        return new ReportTable("followups", "متابعة التقييمات المنخفضة (مفتوحة)", List.of("التاريخ", "الدرجة",
                "القناة", "الطلب", "الموظف", "الملاحظة", "المحادثة"), rows);
    }

    static ReportTable unanswered(MeasurementReport r) {
        List<List<Object>> rows = new ArrayList<>();
        r.unanswered().forEach(u -> rows.add(row(u.text(), u.count(), u.lastAt().toString(), Labels.of(u.kind()),
                u.guess() == null ? "" : u.guess())));
        return new ReportTable("unanswered", "أسئلة لم يجب عنها الرد الآلي", List.of("السؤال", "المرات", "آخر مرة",
                "ما فعله الرد الآلي", "أقرب موضوع"), rows);
    }

    static Double round(Double value) {
        return value == null ? null : Math.round(value * 10) / 10.0;
    }

    private static List<Object> row(Object... cells) {
        return java.util.Arrays.asList(cells);
    }
}
