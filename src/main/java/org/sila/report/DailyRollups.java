package org.sila.report;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * The measurement centre's pre-aggregated counters: one small document per day × dimension × key
 * ({@code 2026-11-22|CHANNEL|WEBCHAT}), raised with {@code $inc} upserts as things happen. Reports read a range of
 * these, never the messages: a year of them is a few thousand documents, which even the embedded store (it scans
 * every collection it queries) reads in milliseconds.
 *
 * <p>{@code report_marks} remembers what must count once (a conversation's first answer, a beneficiary's contact on
 * a day): inserting its id succeeds once. It is only ever written and looked up by id, never scanned.
 */
@Component
public class DailyRollups {

    public static final String DAILY = "report_daily";
    public static final String MARKS = "report_marks";

    private final MongoTemplate mongo;
    private final String daily;
    private final String marks;

    @Autowired
    DailyRollups(MongoTemplate mongo) {
        this(mongo, DAILY, MARKS);
    }

    /** On other collections: tests and the benchmark keep their figures apart from the hub's own. */
    public DailyRollups(MongoTemplate mongo, String daily, String marks) {
        this.mongo = mongo;
        this.daily = daily;
        this.marks = marks;
        mongo.indexOps(daily).createIndex(new Index().on("dim", Sort.Direction.ASC).on("day", Sort.Direction.ASC)
                .named("dim_day"));
    }

    public void inc(LocalDate day, Dimension dimension, String key, Map<Metric, Long> counters) {
        if (key == null || counters.isEmpty()) {
            return;
        }
        Update update = new Update().setOnInsert("day", day.toString()).setOnInsert("dim", dimension.name())
                .setOnInsert("key", key);
        counters.forEach((metric, value) -> update.inc(metric.name(), value));
        var id = query(where("_id").is(day + "|" + dimension.name() + "|" + key));
        try {
            mongo.upsert(id, update, daily);
        } catch (DuplicateKeyException raced) {
            mongo.upsert(id, update, daily); // two first upserts of one document at once: the second now updates
        }
    }

    /** True the first time {@code mark} is made, false ever after. */
    public boolean once(String mark) {
        try {
            mongo.insert(new Document("_id", mark), marks);
            return true;
        } catch (DuplicateKeyException again) {
            return false;
        }
    }

    public boolean marked(String mark) {
        return mongo.exists(query(where("_id").is(mark)), marks);
    }

    /** The rollups of one dimension over a range of days, both ends included. */
    public List<Document> read(Dimension dimension, LocalDate from, LocalDate to) {
        return mongo.find(query(where("dim").is(dimension.name()).and("day").gte(from.toString()).lte(to.toString())),
                Document.class, daily);
    }
}
