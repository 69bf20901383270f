package org.sila.report;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import org.bson.Document;
import org.sila.channel.ChannelType;
import org.sila.staff.PersonalData;
import org.sila.survey.FollowUp;
import org.sila.survey.SurveyService;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/** Reads the measurement centre's figures from the daily rollups; the pages, exports and e-mails all ask here. */
@Service
public class ReportService {

    /** The rules layer's collection of the questions it did not answer. */
    static final String UNANSWERED = "unanswered";
    static final int LIST_LIMIT = 50;
    static final int UNANSWERED_READ = 20_000;

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
                byKey(Dimension.CASE_TYPE, range), byKey(Dimension.STAFF, range), unanswered(range),
                openFollowUps());
    }

    private Map<String, Counters> byKey(Dimension dimension, DateRange range) {
        Map<String, Counters> byKey = new TreeMap<>();
        for (Document rollup : rollups.read(dimension, range.from(), range.to())) {
            byKey.computeIfAbsent(rollup.getString("key"), k -> new Counters()).add(rollup);
        }
        return byKey;
    }

    /**
     * The questions the bot did not answer in {@code range}, counted together when they fold to the same text, most
     * asked first. Read from the rules layer's {@code unanswered} collection; the newest {@value #UNANSWERED_READ}
     * of the range are counted, far more than editors read.
     */
    private List<MeasurementReport.Unanswered> unanswered(DateRange range) {
        Instant from = range.from().atStartOfDay(properties.zone()).toInstant();
        Instant to = range.to().plusDays(1).atStartOfDay(properties.zone()).toInstant();
        Query inRange = new Query(where("at").gte(from).lt(to))
                .with(Sort.by(Sort.Direction.DESC, "at")).limit(UNANSWERED_READ);
        Map<String, MeasurementReport.Unanswered> byKey = new LinkedHashMap<>();
        for (Document d : mongo.find(inRange, Document.class, UNANSWERED)) {
            // What beneficiaries typed leaves here for pages, files and e-mails that no role check follows.
            String text = PersonalData.maskIdNumbers(d.getString("text"));
            String key = d.getString("key") != null ? d.getString("key") : text;
            List<?> guesses = d.getList("guesses", Object.class, List.of());
            // newest first: the first of a key gives its latest wording, time and verdict
            byKey.merge(key, new MeasurementReport.Unanswered(text, 1, d.getDate("at").toInstant(),
                    d.getString("kind"), guesses.isEmpty() ? null : String.valueOf(guesses.get(0))),
                    (latest, older) -> new MeasurementReport.Unanswered(latest.text(), latest.count() + 1,
                            latest.lastAt(), latest.kind(), latest.guess()));
        }
        return byKey.values().stream()
                .sorted(java.util.Comparator.comparingLong(MeasurementReport.Unanswered::count).reversed()
                        .thenComparing(MeasurementReport.Unanswered::lastAt, java.util.Comparator.reverseOrder()))
                .limit(LIST_LIMIT).toList();
    }

    /** Open follow-ups, the beneficiary's comment with any ID number in it masked. */
    public List<FollowUp> openFollowUps() {
        return surveys.openFollowUps(LIST_LIMIT).stream().map(f -> new FollowUp(f.id(), f.score(),
                PersonalData.maskIdNumbers(f.comment()), f.beneficiaryId(), f.conversationId(), f.caseId(),
                f.caseReference(), f.channel(), f.staffId(), f.status(), f.createdAt(), f.closedBy(), f.closedAt(),
                f.outcome())).toList();
    }

    /** A manager closes a low score's follow-up, saying what was done. */
    public void closeFollowUp(String id, String manager, String outcome) {
        surveys.closeFollowUp(id, manager, outcome);
    }

}
