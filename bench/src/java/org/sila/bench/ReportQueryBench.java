package org.sila.bench;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import com.mongodb.client.MongoCollection;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.sila.SilaApplication;
import org.sila.channel.ChannelType;
import org.sila.staff.Role;
import org.sila.staff.StaffDirectory;
import org.sila.report.DailyRollups;
import org.sila.report.DateRange;
import org.sila.report.Dimension;
import org.sila.report.Exports;
import org.sila.report.MeasurementReport;
import org.sila.report.Metric;
import org.sila.report.ReportService;
import org.sila.report.ReportTables;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Report query times with 1,000,000 messages and 100,000 conversations in the embedded store (in memory), over a
 * year. The messages, conversations, cases, surveys and follow-ups are written as documents of their real shape;
 * the daily rollups are seeded with the increments the listeners make for each of those records (computed here
 * per record, summed per day × key, then written through {@link DailyRollups#inc} — the listeners' own write),
 * not by replaying a million events through the hub. Each figure is the median of 10 runs after 3 warm-ups.
 *
 * <pre>./mvnw -q -Pbench test-compile exec:java -Dexec.mainClass=org.sila.bench.ReportQueryBench
 *     -Dexec.classpathScope=test</pre>
 */
public final class ReportQueryBench {

    static final int CONVERSATIONS = 100_000;
    static final int MESSAGES_PER_CONVERSATION = 10;
    static final int DAYS = 365;
    static final int STAFF = 25;
    static final ZoneId ZONE = ZoneId.of("Asia/Riyadh");
    static final ChannelType[] CHANNELS = ChannelType.values();
    static final String[] CASE_TYPES = {"SUPPORT_REQUEST", "COMPLAINT", "SUGGESTION", "DATA_UPDATE", "CALLBACK"};

    public static void main(String[] args) throws Exception {
        ConfigurableApplicationContext hub = new SpringApplicationBuilder(SilaApplication.class).run(
                "--server.port=0", "--sila.store.in-memory=true", "--spring.main.banner-mode=off",
                "--sila.webchat.token-secret=bench-only-secret", "--logging.level.root=WARN", "--logging.level.de.bwaldvogel=ERROR");
        try {
            run(hub);
        } finally {
            hub.close();
        }
    }

    static void run(ConfigurableApplicationContext hub) throws Exception {
        MongoTemplate mongo = hub.getBean(MongoTemplate.class);
        DailyRollups rollups = hub.getBean(DailyRollups.class);
        ReportService reports = hub.getBean(ReportService.class);
        int port = Integer.parseInt(hub.getEnvironment().getProperty("local.server.port"));

        long t0 = System.nanoTime();
        Map<String, EnumMap<Metric, Long>> sums = seed(mongo, reports.today());
        long seeded = System.nanoTime();
        sums.forEach((id, counts) -> {
            String[] parts = id.split("\\|");
            rollups.inc(LocalDate.parse(parts[0]), Dimension.valueOf(parts[1]), parts[2], counts);
        });
        long rolled = System.nanoTime();
        System.out.printf("seeded %,d messages, %,d conversations in %.1f s; %,d rollup documents in %.1f s%n",
                mongo.getCollection("messages").countDocuments(), mongo.getCollection("conversations").countDocuments(),
                (seeded - t0) / 1e9, mongo.getCollection(DailyRollups.DAILY).countDocuments(), (rolled - seeded) / 1e9);

        LocalDate today = reports.today();
        DateRange week = new DateRange(today.minusDays(6), today);
        DateRange month = new DateRange(today.minusDays(29), today);
        DateRange year = new DateRange(today.minusDays(DAYS - 1), today);
        System.out.println();
        System.out.println("query                                   median ms   max ms");
        time("report(7 days)", () -> reports.report(week));
        time("report(30 days)", () -> reports.report(month));
        time("report(365 days)", () -> reports.report(year));
        MeasurementReport monthReport = reports.report(month);
        time("all tables, 30 days", () -> ReportTables.all(monthReport));
        time("CSV of the daily table, 365 days", () -> Exports.csv(ReportTables.table(reports.report(year), "daily").orElseThrow()));
        time("XLSX of every table, 365 days", () -> Exports.xlsx(ReportTables.all(reports.report(year))));
        // As the general manager, signed in through the real form (the measurement centre is theirs).
        HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        signInAsManager(http, port, hub.getBean(StaffDirectory.class));
        time("GET /console/reports (30 days, HTML)", () -> get(http, port, "/console/reports?from=" + month.from()
                + "&to=" + month.to()));
        time("GET /console/reports (365 days, HTML)", () -> get(http, port, "/console/reports?from=" + year.from()
                + "&to=" + year.to()));
        time("GET /console/reports/all.xlsx (365 days)", () -> get(http, port, "/console/reports/all.xlsx?from="
                + year.from() + "&to=" + year.to()));
        // For contrast, what the rollups avoid: one figure (inbound per channel, 30 days) straight from messages.
        Instant since = month.from().atStartOfDay(ZONE).toInstant();
        time("contrast: $match+$group over messages", () -> mongo.getCollection("messages").aggregate(List.of(
                new Document("$match", new Document("direction", "IN").append("createdAt",
                        new Document("$gte", java.util.Date.from(since)))),
                new Document("$group", new Document("_id", "$channel").append("n", new Document("$sum", 1)))))
                .into(new ArrayList<>()));
    }

    /** Writes the records and returns, per rollup document id, the sums the listeners would have made. */
    static Map<String, EnumMap<Metric, Long>> seed(MongoTemplate mongo, LocalDate today) {
        Random random = new Random(8);
        Map<String, EnumMap<Metric, Long>> sums = new HashMap<>();
        MongoCollection<Document> messages = mongo.getCollection("messages");
        MongoCollection<Document> conversations = mongo.getCollection("conversations");
        List<Document> messageBatch = new ArrayList<>();
        List<Document> conversationBatch = new ArrayList<>();
        List<Document> cases = new ArrayList<>();
        List<Document> surveys = new ArrayList<>();
        List<Document> followUps = new ArrayList<>();
        for (int c = 0; c < CONVERSATIONS; c++) {
            LocalDate day = today.minusDays(random.nextInt(DAYS));
            ChannelType channel = CHANNELS[random.nextInt(CHANNELS.length)];
            String staff = random.nextInt(3) == 0 ? null : "staff-" + random.nextInt(STAFF);
            String beneficiary = "b" + random.nextInt(60_000);
            String conversationId = new ObjectId().toHexString();
            Instant opened = day.atTime(8 + random.nextInt(12), random.nextInt(60)).atZone(ZONE).toInstant();
            long firstResponseMs = 5_000L + random.nextInt(3_600_000);
            long resolutionMs = firstResponseMs + random.nextInt(86_400_000);
            String ch = channel.name();
            for (int m = 0; m < MESSAGES_PER_CONVERSATION; m++) {
                boolean in = m % 2 == 0;
                messageBatch.add(new Document("_id", new ObjectId().toHexString()).append("conversationId", conversationId)
                        .append("beneficiaryId", beneficiary).append("direction", in ? "IN" : "OUT")
                        .append("channel", ch).append("address", beneficiary).append("text", in ? "السلام عليكم" : "أهلاً بك")
                        .append("author", new Document("type", in ? "BENEFICIARY" : staff == null ? "BOT" : "STAFF")
                                .append("id", in ? null : staff))
                        .append("status", "DELIVERED").append("notification", false).append("attempts", 0)
                        .append("handlingAttempts", 0)
                        .append("createdAt", java.util.Date.from(opened.plusSeconds(60L * m)))
                        .append("handledAt", java.util.Date.from(opened.plusSeconds(60L * m + 1))));
                if (messageBatch.size() == 10_000) {
                    messages.insertMany(messageBatch);
                    messageBatch.clear();
                }
            }
            boolean resolved = random.nextInt(10) < 8;
            conversationBatch.add(new Document("_id", conversationId).append("beneficiaryId", beneficiary)
                    .append("channel", ch).append("address", beneficiary).append("status", resolved ? "RESOLVED" : "WAITING")
                    .append("assignee", staff).append("createdAt", java.util.Date.from(opened))
                    .append("resolvedAt", resolved ? java.util.Date.from(opened.plusMillis(resolutionMs)) : null));
            if (conversationBatch.size() == 10_000) {
                conversations.insertMany(conversationBatch);
                conversationBatch.clear();
            }
            // What the listeners count for this conversation.
            var counts = add(sums, day, Dimension.CHANNEL, ch);
            inc(counts, Metric.INBOUND, MESSAGES_PER_CONVERSATION / 2);
            inc(counts, Metric.OUTBOUND, MESSAGES_PER_CONVERSATION / 2);
            inc(counts, Metric.CONTACTS, 1);
            inc(counts, Metric.CONVERSATIONS_OPENED, 1);
            inc(counts, Metric.FIRST_RESPONSE_COUNT, 1);
            inc(counts, Metric.FIRST_RESPONSE_MS, firstResponseMs);
            if (staff != null) {
                inc(counts, Metric.HANDED_OFF, 1);
                inc(add(sums, day, Dimension.STAFF, staff), Metric.STAFF_REPLIES, MESSAGES_PER_CONVERSATION / 2);
            }
            if (resolved) {
                inc(counts, Metric.CONVERSATIONS_RESOLVED, 1);
                inc(counts, Metric.RESOLUTION_MS, resolutionMs);
                if (staff == null) {
                    inc(counts, Metric.BOT_CONTAINED, 1);
                } else {
                    inc(add(sums, day, Dimension.STAFF, staff), Metric.CONVERSATIONS_RESOLVED, 1);
                }
                // A survey for a resolved conversation on a channel that can ask; two in three answer.
                if (channel.ordinal() < ChannelType.WALK_IN.ordinal() && channel != ChannelType.VOICE) {
                    boolean answered = random.nextInt(3) > 0;
                    int score = 1 + Math.min(4, random.nextInt(6));
                    for (var survey : surveyDimensions(sums, day, ch, null, staff)) {
                        inc(survey, Metric.SURVEYS_SENT, 1);
                        if (answered) {
                            inc(survey, Metric.SURVEYS_ANSWERED, 1);
                            inc(survey, Metric.SCORE_SUM, score);
                            inc(survey, Metric.score(score), 1);
                        }
                    }
                    surveys.add(new Document("_id", "CONVERSATION:" + conversationId).append("channel", ch)
                            .append("status", answered ? "ANSWERED" : "EXPIRED").append("score", answered ? score : null)
                            .append("sentAt", java.util.Date.from(opened.plusMillis(resolutionMs))));
                    if (answered && score <= 2) {
                        followUps.add(new Document("_id", "CONVERSATION:" + conversationId).append("score", score)
                                .append("channel", ch).append("staffId", staff)
                                .append("status", random.nextBoolean() ? "OPEN" : "DONE")
                                .append("createdAt", java.util.Date.from(opened.plusMillis(resolutionMs))));
                    }
                }
            }
            // One conversation in five opens a case, moved three times; requests go before the committee.
            if (random.nextInt(5) == 0) {
                String type = CASE_TYPES[random.nextInt(CASE_TYPES.length)];
                var byType = add(sums, day, Dimension.CASE_TYPE, type);
                inc(byType, Metric.CASES_OPENED, 1);
                inc(byType, Metric.CASE_ACTIONS, 3);
                inc(counts, Metric.CASES_OPENED, 1);
                if (random.nextBoolean()) {
                    inc(byType, Metric.CASES_CLOSED, 1);
                    inc(counts, Metric.CASES_CLOSED, 1);
                }
                if ("SUPPORT_REQUEST".equals(type)) {
                    inc(byType, Metric.COMMITTEE_DECIDED, 1);
                    inc(byType, random.nextInt(4) == 0 ? Metric.COMMITTEE_AFTER_SLA : Metric.COMMITTEE_WITHIN_SLA, 1);
                }
                cases.add(new Document("_id", new ObjectId().toHexString()).append("type", type)
                        .append("reference", "BENCH-" + c).append("stage", "RECEIVED").append("anonymous", false)
                        .append("conversationId", conversationId).append("channel", ch)
                        .append("createdAt", java.util.Date.from(opened)));
            }
        }
        for (var batch : List.of(Map.entry(messages, messageBatch), Map.entry(conversations, conversationBatch),
                Map.entry(mongo.getCollection("cases"), cases), Map.entry(mongo.getCollection("surveys"), surveys),
                Map.entry(mongo.getCollection("survey_follow_ups"), followUps))) {
            if (!batch.getValue().isEmpty()) {
                batch.getKey().insertMany(batch.getValue());
            }
        }
        return sums;
    }

    private static List<EnumMap<Metric, Long>> surveyDimensions(Map<String, EnumMap<Metric, Long>> sums, LocalDate day,
                                                               String channel, String caseType, String staff) {
        List<EnumMap<Metric, Long>> dims = new ArrayList<>(Arrays.asList(add(sums, day, Dimension.CHANNEL, channel),
                add(sums, day, Dimension.CASE_TYPE, caseType == null ? "CONVERSATION" : caseType)));
        if (staff != null) {
            dims.add(add(sums, day, Dimension.STAFF, staff));
        }
        return dims;
    }

    private static EnumMap<Metric, Long> add(Map<String, EnumMap<Metric, Long>> sums, LocalDate day, Dimension dim,
                                             String key) {
        return sums.computeIfAbsent(day + "|" + dim + "|" + key, k -> new EnumMap<>(Metric.class));
    }

    private static void inc(EnumMap<Metric, Long> counts, Metric metric, long value) {
        counts.merge(metric, value, Long::sum);
    }

    private static void signInAsManager(HttpClient http, int port, StaffDirectory staff)
            throws Exception {
        String password = "bench-manager-password";
        staff.create("bench-manager", null, password, Set.of(Role.MANAGER), false);
        String form = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/login")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        var csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(form);
        if (!csrf.find()) {
            throw new IllegalStateException("no CSRF token on the sign-in form");
        }
        var signedIn = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=bench-manager&password=" + password + "&_csrf="
                        + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.discarding());
        if (!signedIn.headers().firstValue("Location").orElse("").endsWith("/console")) {
            throw new IllegalStateException("sign-in failed: " + signedIn.statusCode());
        }
    }

    private static Object get(HttpClient http, int port, String path) {
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + path)).build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(path + " → " + response.statusCode());
            }
            return response.body().length;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void time(String name, Supplier<Object> query) {
        for (int i = 0; i < 3; i++) {
            query.get();
        }
        long[] ms = new long[10];
        for (int i = 0; i < ms.length; i++) {
            long start = System.nanoTime();
            query.get();
            ms[i] = (System.nanoTime() - start) / 1_000_000;
        }
        Arrays.sort(ms);
        System.out.printf("%-40s %9d %8d%n", name, ms[ms.length / 2], ms[ms.length - 1]);
    }
}
