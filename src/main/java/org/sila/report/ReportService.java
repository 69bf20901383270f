package org.sila.report;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import org.bson.Document;
import org.sila.channel.ChannelType;
import org.sila.survey.FollowUp;
import org.sila.survey.SurveyService;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

/** Reads the measurement centre's figures from the daily rollups; the pages, exports and e-mails all ask here. */
@Service
public class ReportService {

    /** The rules layer's collection of questions it could not answer, when it keeps one. */
    static final String UNANSWERED = "unanswered";
    static final int LIST_LIMIT = 50;

    private final DailyRollups rollups;
    private final MongoTemplate mongo;
    private final SurveyService surveys;
    private final ReportProperties properties;
    private final Clock clock;

    ReportService(DailyRollups rollups, MongoTemplate mongo, SurveyService surveys, ReportProperties properties,
                  Optional<Clock> clock) {
        this.rollups = rollups;
        this.mongo = mongo;
        this.surveys = surveys;
        this.properties = properties;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    /** The {@code days} days ending today, in the association's time zone. */
    public DateRange lastDays(int days) {
        LocalDate today = today();
        return new DateRange(today.minusDays(days - 1L), today);
    }

    public LocalDate today() {
        return LocalDate.now(clock.withZone(properties.zone()));
    }

    public MeasurementReport report(DateRange range) {
        Counters totals = new Counters();
        SortedMap<LocalDate, Counters> days = new TreeMap<>();
        SortedMap<LocalDate, Long> visitors = new TreeMap<>();
        for (LocalDate d = range.from(); !d.isAfter(range.to()); d = d.plusDays(1)) {
            days.put(d, new Counters());
            visitors.put(d, 0L);
        }
        Map<String, Counters> channels = new TreeMap<>();
        for (Document rollup : rollups.read(Dimension.CHANNEL, range.from(), range.to())) {
            LocalDate day = LocalDate.parse(rollup.getString("day"));
            String channel = rollup.getString("key");
            Counters counted = new Counters().add(rollup);
            totals.add(counted);
            days.get(day).add(counted);
            channels.computeIfAbsent(channel, k -> new Counters()).add(counted);
            if (ChannelType.WALK_IN.name().equals(channel)) {
                visitors.merge(day, counted.get(Metric.CONTACTS), Long::sum);
            }
        }
        return new MeasurementReport(range, totals, days, visitors, channels,
                byKey(Dimension.CASE_TYPE, range), byKey(Dimension.STAFF, range), unanswered(),
                surveys.openFollowUps(LIST_LIMIT));
    }

    private Map<String, Counters> byKey(Dimension dimension, DateRange range) {
        Map<String, Counters> byKey = new TreeMap<>();
        for (Document rollup : rollups.read(dimension, range.from(), range.to())) {
            byKey.computeIfAbsent(rollup.getString("key"), k -> new Counters()).add(rollup);
        }
        return byKey;
    }

    /** Null when the rules layer keeps no {@code unanswered} collection (yet). */
    private List<MeasurementReport.Unanswered> unanswered() {
        if (!mongo.collectionExists(UNANSWERED)) {
            return null;
        }
        List<MeasurementReport.Unanswered> list = new ArrayList<>();
        Query newest = new Query().limit(LIST_LIMIT);
        for (Document d : mongo.find(newest, Document.class, UNANSWERED)) {
            Object text = firstOf(d, "text", "question", "normalized");
            Object count = firstOf(d, "count", "occurrences");
            Object last = firstOf(d, "lastAt", "at", "updatedAt", "createdAt");
            list.add(new MeasurementReport.Unanswered(text == null ? d.toJson() : text.toString(),
                    count instanceof Number n ? n.longValue() : 1, last == null ? "" : last.toString()));
        }
        list.sort((a, b) -> Long.compare(b.count(), a.count()));
        return list;
    }

    private static Object firstOf(Document d, String... fields) {
        for (String field : fields) {
            if (d.get(field) != null) {
                return d.get(field);
            }
        }
        return null;
    }

    public List<FollowUp> openFollowUps() {
        return surveys.openFollowUps(LIST_LIMIT);
    }

    /** A manager closes a low score's follow-up, saying what was done. */
    public void closeFollowUp(String id, String manager, String outcome) {
        surveys.closeFollowUp(id, manager, outcome);
    }

}
