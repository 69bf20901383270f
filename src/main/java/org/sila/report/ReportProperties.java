package org.sila.report;

import java.time.ZoneId;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The measurement centre.
 *
 * @param zone where the association's days begin and end (rollups are per local day): the profile's time zone
 * @param mail the periodic report to the general manager
 */
public record ReportProperties(ZoneId zone, Mail mail) {

    /**
     * {@code sila.report.mail.*}.
     *
     * @param to          the general manager's address; no address, no e-mail
     * @param from        the sender, e.g. {@code مركز القياس <reports@albirr.org.sa>}
     * @param weeklyCron  when the weekly report (the last seven days) leaves; {@code -} turns it off
     * @param monthlyCron when the monthly report (the previous calendar month) leaves; {@code -} turns it off
     */
    public record Mail(String to, @DefaultValue("reports@localhost") String from,
                       @DefaultValue("0 0 7 * * SUN") String weeklyCron,
                       @DefaultValue("0 0 7 1 * *") String monthlyCron) {

        public boolean enabled() {
            return to != null && !to.isBlank();
        }
    }
}
