package org.sila.report;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;

import java.net.CookieManager;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sila.channel.ChannelType;
import org.sila.staff.Role;
import org.sila.survey.FollowUp;
import org.sila.staff.StaffDirectory;
import org.sila.HubTest;
import org.sila.WebChatClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@HubTest
class ReportPagesTest {

    private static final String PASSWORD = "a-long-enough-password";

    @LocalServerPort
    int port;
    @Autowired
    ReportService reports;

    @Autowired
    StaffDirectory staff;
    @Autowired
    MongoTemplate mongo;

    /** Signed in as the general manager: cookies kept, like a browser. */
    final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

    @BeforeEach
    void signInAsManager() throws Exception {
        signIn(account(Role.MANAGER));
    }

    @Test
    void onlyTheManagerAndTheAdminSeeTheMeasurementCentre() throws Exception {
        signIn(account(Role.OFFICER));
        assertThat(get("/console/reports").statusCode()).isEqualTo(403);
        assertThat(get("/console/reports/daily.csv").statusCode()).isEqualTo(403);
        http.send(HttpRequest.newBuilder(uri("/console")).build(), HttpResponse.BodyHandlers.discarding());
        var anonymous = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri("/console/reports")).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(anonymous.statusCode()).isEqualTo(302);
        assertThat(anonymous.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
    }

    @Test
    void theHubsOwnListenersCountWhatHappens() {
        DateRange today = new DateRange(reports.today(), reports.today());
        long before = inbound(today);
        var chat = new WebChatClient(port);
        chat.post("السلام عليكم");
        await().until(() -> inbound(today) > before);
        assertThat(reports.report(today).channels().get("WEBCHAT").get(Metric.CONTACTS)).isPositive();
    }

    @Test
    void thePageIsArabicRightToLeftWithChartsAndEveryTable() throws Exception {
        LocalDate today = reports.today();
        HttpResponse<String> page = get("/console/reports?from=" + today.minusDays(6) + "&to=" + today);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("dir=\"rtl\"").contains("مركز القياس").contains("<svg")
                .contains("المؤشرات الرئيسية").contains("حسب القناة").contains("توزيع درجات الرضا")
                .contains("/console/reports/channels.csv?from=" + today.minusDays(6));
        assertThat(get("/console/reports").statusCode()).isEqualTo(200);
    }

    @Test
    void aHijriRangeIsShownInBothCalendars() throws Exception {
        HttpResponse<String> page = get("/console/reports?from=1447-01-01&to=1447-01-07&calendar=HIJRI");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("2025-06-26 — 2025-07-02").contains("1447-01-01 — 1447-01-07");
    }

    @Test
    void tablesExportAsCsvAndXlsx() throws Exception {
        HttpResponse<String> csv = get("/console/reports/daily.csv?from=2026-01-01&to=2026-01-03");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        assertThat(csv.headers().firstValue("Content-Disposition")).hasValueSatisfying(d -> assertThat(d)
                .contains("attachment").contains("daily.csv"));
        assertThat(csv.body().lines()).hasSize(4).first().asString().startsWith("\uFEFFالتاريخ,التاريخ الهجري");
        assertThat(csv.body().lines().skip(1).findFirst()).hasValueSatisfying(l -> assertThat(l)
                .startsWith("2026-01-01,1447-07-12,"));

        HttpResponse<byte[]> xlsx = http.send(HttpRequest.newBuilder(uri("/console/reports/all.xlsx")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(xlsx.statusCode()).isEqualTo(200);
        assertThat(xlsx.headers().firstValue("Content-Type")).contains(
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assertThat(new String(xlsx.body(), 0, 2)).isEqualTo("PK");
    }

    @Test
    void badInputIsA400WithAReason() throws Exception {
        HttpResponse<String> bad = get("/console/reports?from=1700-01-01&to=1700-01-02&calendar=HIJRI");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("Hijri years");
        assertThat(get("/console/reports/nothing.csv").statusCode()).isEqualTo(400);
        assertThat(get("/console/reports?from=2026-01-01&to=2026-01-02&calendar=JULIAN").statusCode()).isEqualTo(400);
    }

    @Test
    void aManagerClosesALowScoresFollowUpSayingWhatWasDoneOnce() throws Exception {
        String id = "survey-" + UUID.randomUUID();
        String conversationId = "conversation-" + UUID.randomUUID();
        mongo.insert(new FollowUp(id, 1, "لم يرد أحد على اتصالي", "beneficiary-1", conversationId, null, "SR-2026-000777",
                ChannelType.WHATSAPP, "o1", FollowUp.Status.OPEN, Instant.now(), null, null, null));
        String manager = account(Role.MANAGER);
        signIn(manager);

        String page = get("/console/reports").body();
        assertThat(page).contains("لم يرد أحد على اتصالي", "SR-2026-000777",
                "/console/conversations/" + conversationId, "/console/reports/followups/" + id + "/done");
        assertThat(post("/console/reports/followups/" + id + "/done", page, "   ").statusCode()).isEqualTo(400);
        assertThat(mongo.findById(id, FollowUp.class).status()).isEqualTo(FollowUp.Status.OPEN);

        var closed = post("/console/reports/followups/" + id + "/done", page, "اتصلت بالمستفيدة واعتذرت وحُدد موعد");
        assertThat(closed.statusCode()).isEqualTo(302);
        FollowUp done = mongo.findById(id, FollowUp.class);
        assertThat(done.status()).isEqualTo(FollowUp.Status.DONE);
        assertThat(done.closedBy()).isEqualTo(manager);
        assertThat(done.closedAt()).isNotNull();
        assertThat(done.outcome()).isEqualTo("اتصلت بالمستفيدة واعتذرت وحُدد موعد");
        assertThat(get("/console/reports").body()).doesNotContain("/console/reports/followups/" + id + "/done");
        assertThat(post("/console/reports/followups/" + id + "/done", page, "مرة ثانية").statusCode()).isEqualTo(400);
        assertThat(mongo.findById(id, FollowUp.class).outcome()).isEqualTo("اتصلت بالمستفيدة واعتذرت وحُدد موعد");
    }

    /** A form post from {@code page}, with the CSRF token the page carries. */
    private HttpResponse<String> post(String path, String page, String outcome) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("outcome=" + URLEncoder.encode(outcome, StandardCharsets.UTF_8)
                        + "&_csrf=" + csrf(page))).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The CSRF token a page's forms carry, form-encoded. */
    private static String csrf(String page) {
        Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(page);
        assertThat(csrf.find()).as("the page's forms carry the CSRF token").isTrue();
        return URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
    }

    private String account(Role role) {
        String name = role.name().toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 6);
        staff.create(name, null, PASSWORD, Set.of(role), false);
        return name;
    }

    private void signIn(String username) throws Exception {
        var signedIn = http.send(HttpRequest.newBuilder(uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + username + "&password=" + PASSWORD
                        + "&_csrf=" + csrf(get("/login").body()))).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(signedIn.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/console"));
    }

    private long inbound(DateRange range) {
        return reports.report(range).totals().get(Metric.INBOUND);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
