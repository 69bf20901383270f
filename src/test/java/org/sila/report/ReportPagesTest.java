package org.sila.report;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.sila.HubTest;
import org.sila.WebChatClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@HubTest
class ReportPagesTest {

    @LocalServerPort
    int port;
    @Autowired
    ReportService reports;

    final HttpClient http = HttpClient.newHttpClient();

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
