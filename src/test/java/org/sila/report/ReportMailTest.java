package org.sila.report;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sila.HubTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The periodic report reaches the general manager's mailbox (GreenMail's SMTP) with its charts inline. */
@HubTest
class ReportMailTest {

    @RegisterExtension
    static final GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withPerMethodLifecycle(true);

    @Autowired
    ReportService reports;
    @Autowired
    org.springframework.data.mongodb.core.MongoTemplate mongo;

    @Test
    void theWeeklyReportArrivesInArabicWithItsChartsAndTables() throws Exception {
        mailer("gm@albirr.org.sa").weekly();

        await().until(() -> smtp.getReceivedMessages().length == 1);
        MimeMessage mail = smtp.getReceivedMessages()[0];
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("gm@albirr.org.sa");
        assertThat(mail.getSubject()).contains("التقرير الأسبوعي")
                .contains(reports.today().minusDays(7) + " — " + reports.today().minusDays(1));

        List<Part> parts = new ArrayList<>();
        collect(mail, parts);
        String html = parts.stream().filter(p -> is(p, "text/html")).map(ReportMailTest::text).findFirst().orElseThrow();
        assertThat(html).contains("dir=\"rtl\"").contains("المؤشرات الرئيسية").contains("متوسط الرضا")
                .contains("cid:trend").contains("cid:channels").contains("cid:scores");

        List<Part> images = parts.stream().filter(p -> is(p, "image/png")).toList();
        assertThat(images).hasSize(3);
        for (Part image : images) {
            assertThat(((MimeBodyPartView) () -> image).contentId()).isIn("<trend>", "<channels>", "<scores>");
            BufferedImage png = ImageIO.read(new ByteArrayInputStream(image.getInputStream().readAllBytes()));
            assertThat(png.getWidth()).isEqualTo(720);
            assertThat(png.getHeight()).isEqualTo(360);
        }
        assertThat(parts).anySatisfy(p -> assertThat(p.getFileName()).endsWith(".xlsx"));
    }

    @Test
    void anIdABeneficiaryTypedIsMaskedInTheMailedReport() throws Exception {
        // asked three times: among the most asked, which the report lists first
        for (int i = 0; i < 3; i++) {
            mongo.insert(new org.bson.Document("text", "ما حالة طلبي؟ هويتي 1987 654 321").append("key", "mail-id")
                    .append("kind", "UNKNOWN").append("at", java.util.Date.from(java.time.Instant.now()
                            .minus(java.time.Duration.ofDays(1)))), ReportService.UNANSWERED);
        }
        mailer("gm@albirr.org.sa").weekly();

        await().until(() -> smtp.getReceivedMessages().length == 1);
        List<Part> parts = new ArrayList<>();
        collect(smtp.getReceivedMessages()[0], parts);
        Part xlsx = parts.stream().filter(p -> is(p, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
                .findFirst().orElseThrow();
        String sheets = ReportConfidentialityTest.xlsxText(xlsx.getInputStream().readAllBytes());
        assertThat(sheets).contains("ما حالة طلبي؟ هويتي ••••••••••21").doesNotContain("1987 654 321");
        assertThat(parts.stream().filter(p -> is(p, "text/html")).map(ReportMailTest::text))
                .noneMatch(html -> html.contains("1987 654 321"));
    }

    @Test
    void withoutTheManagersAddressNothingIsSent() {
        assertThat(mailer(null).send(reports.lastDays(7), "التقرير الأسبوعي")).isFalse();
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    private ReportMailer mailer(String to) {
        var sender = new JavaMailSenderImpl();
        sender.setHost("127.0.0.1");
        sender.setPort(smtp.getSmtp().getPort());
        sender.setDefaultEncoding("UTF-8");
        var properties = new ReportProperties(ZoneId.of("Asia/Riyadh"),
                new ReportProperties.Mail(to, "مركز القياس <reports@albirr.org.sa>", "-", "-"));
        var beans = new StaticListableBeanFactory(Map.of("mailSender", sender));
        return new ReportMailer(reports, properties, beans.getBeanProvider(JavaMailSender.class));
    }

    private interface MimeBodyPartView {
        Part part();

        default String contentId() throws Exception {
            String[] ids = part().getHeader("Content-ID");
            return ids == null ? null : ids[0];
        }
    }

    private static boolean is(Part part, String type) {
        try {
            return part.isMimeType(type);
        } catch (Exception e) {
            return false;
        }
    }

    private static String text(Part part) {
        try {
            return (String) part.getContent();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void collect(Part part, List<Part> into) throws Exception {
        if (part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                collect(child, into);
            }
        } else {
            into.add(part);
        }
    }
}
