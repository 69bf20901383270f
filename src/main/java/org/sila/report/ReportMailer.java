package org.sila.report;

import java.time.LocalDate;
import java.util.List;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

/**
 * The periodic report to the general manager: key figures and charts (PNG, inline) in Arabic, and every table as
 * an XLSX attachment, from the same {@link ReportService} the pages use. Sent only when {@code sila.report.mail.to}
 * is set and Spring's mail sender is configured ({@code spring.mail.host}).
 */
@Component
class ReportMailer {

    private static final Logger log = LoggerFactory.getLogger(ReportMailer.class);

    private final ReportService reports;
    private final ReportProperties properties;
    private final ObjectProvider<JavaMailSender> mailSender;

    ReportMailer(ReportService reports, ReportProperties properties, ObjectProvider<JavaMailSender> mailSender) {
        this.reports = reports;
        this.properties = properties;
        this.mailSender = mailSender;
    }

    @Scheduled(cron = "${sila.report.mail.weekly-cron:0 0 7 * * SUN}", zone = "#{@reportProperties.zone().getId()}")
    void weekly() {
        LocalDate yesterday = reports.today().minusDays(1);
        send(new DateRange(yesterday.minusDays(6), yesterday), Labels.text("reports.mail.weekly"));
    }

    @Scheduled(cron = "${sila.report.mail.monthly-cron:0 0 7 1 * *}", zone = "#{@reportProperties.zone().getId()}")
    void monthly() {
        LocalDate firstOfThisMonth = reports.today().withDayOfMonth(1);
        send(new DateRange(firstOfThisMonth.minusMonths(1), firstOfThisMonth.minusDays(1)),
                Labels.text("reports.mail.monthly"));
    }

    /** @return whether a mail left (false when no address or no mail server is configured) */
    boolean send(DateRange range, String title) {
        JavaMailSender sender = mailSender.getIfAvailable();
        if (!properties.mail().enabled() || sender == null) {
            log.debug("The periodic report is off: no sila.report.mail.to or no spring.mail.host");
            return false;
        }
        try {
            sender.send(compose(sender, range, title));
            return true;
        } catch (MessagingException | RuntimeException e) {
            log.error("The {} for {} could not be sent", title, range, e);
            return false;
        }
    }

    MimeMessage compose(JavaMailSender sender, DateRange range, String title) throws MessagingException {
        MeasurementReport report = reports.report(range);
        MimeMessage mail = sender.createMimeMessage();
        var helper = new MimeMessageHelper(mail, true, "UTF-8");
        helper.setFrom(properties.mail().from());
        helper.setTo(properties.mail().to().split("\\s*,\\s*"));
        helper.setSubject(Labels.text("reports.mail.subject", title, range.format(DateRange.Calendar.GREGORIAN)));
        helper.setText(html(report, title), true);
        helper.addInline("trend", new ByteArrayResource(Charts.pngLine(Charts.dailyContacts(report))), "image/png");
        helper.addInline("channels", new ByteArrayResource(Charts.pngBars(Charts.contactsByChannel(report))),
                "image/png");
        helper.addInline("scores", new ByteArrayResource(Charts.pngBars(Charts.scores(report))), "image/png");
        helper.addAttachment("report-" + range.from() + "-" + range.to() + ".xlsx",
                new ByteArrayResource(Exports.xlsx(ReportTables.all(report))),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        return mail;
    }

    private static String html(MeasurementReport report, String title) {
        var out = new StringBuilder("<html lang=\"ar\" dir=\"rtl\"><body style=\"font-family:Tahoma,sans-serif\">");
        out.append("<h2>").append(esc(title)).append("</h2><p>")
                .append(esc(report.range().format(DateRange.Calendar.GREGORIAN))).append(' ')
                .append(esc(Labels.text("reports.ad"))).append(" · ")
                .append(esc(report.range().format(DateRange.Calendar.HIJRI))).append(' ')
                .append(esc(Labels.text("reports.ah"))).append("</p>");
        for (ReportTable table : List.of(ReportTables.summary(report), ReportTables.channels(report),
                ReportTables.satisfaction(report))) {
            out.append("<h3>").append(esc(table.title())).append("</h3>")
                    .append("<table border=\"1\" cellpadding=\"4\" style=\"border-collapse:collapse\"><tr>");
            table.headers().forEach(h -> out.append("<th>").append(esc(h)).append("</th>"));
            out.append("</tr>");
            for (List<Object> row : table.rows()) {
                out.append("<tr>");
                row.forEach(cell -> out.append("<td>").append(cell == null ? "—" : esc(cell.toString())).append("</td>"));
                out.append("</tr>");
            }
            out.append("</table>");
        }
        for (String chart : List.of("trend:inbound", "channels:channels", "scores:scores")) {
            String[] cidAndKey = chart.split(":");
            out.append("<p><img src=\"cid:").append(cidAndKey[0]).append("\" alt=\"")
                    .append(esc(Labels.text("reports.chart." + cidAndKey[1]))).append("\"></p>");
        }
        out.append("<p>").append(esc(Labels.text("reports.mail.attached"))).append("</p></body></html>");
        return out.toString();
    }

    private static String esc(String s) {
        return HtmlUtils.htmlEscape(s);
    }
}
