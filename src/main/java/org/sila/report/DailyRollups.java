package org.sila.report;

import java.time.LocalDate;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import jakarta.annotation.PreDestroy;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Update;
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
 *
 * <p>Counting is side work and must not cost the pipeline a store write per message: increments are summed in
 * memory and written once a second ({@link #flush}), when the hub stops, and before any read; marks already seen are
 * remembered, so a busy conversation's messages do not insert its mark again and again. A crash loses at most
 * the last second's increments.
 */
@Component
public class DailyRollups implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DailyRollups.class);
    public static final String DAILY = "report_daily";
    public static final String MARKS = "report_marks";

    private static final int MARKS_REMEMBERED = 50_000;

    private final MongoTemplate mongo;
    private final String daily;
    private final String marks;
    /** Increments not yet written, by document id. */
    private Map<String, Pending> pending = new ConcurrentHashMap<>();
    /** Held shared to add to {@link #pending}, alone to take it for writing. */
    private final ReadWriteLock swap = new ReentrantReadWriteLock();
    private final Set<String> seenMarks = Collections.newSetFromMap(Collections.synchronizedMap(
            new LinkedHashMap<>(1024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > MARKS_REMEMBERED;
                }
            }));

    private volatile ScheduledExecutorService flusher;

    private record Pending(String day, String dim, String key, EnumMap<Metric, Long> counts) {
    }

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

    /** Adds {@code counters} to the day's document of {@code key}; written at the next {@link #flush}. */
    public void inc(LocalDate day, Dimension dimension, String key, Map<Metric, Long> counters) {
        if (key == null || counters.isEmpty()) {
            return;
        }
        swap.readLock().lock();
        try {
            pending.compute(day + "|" + dimension.name() + "|" + key, (id, sums) -> {
                Pending merged = sums != null ? sums
                        : new Pending(day.toString(), dimension.name(), key, new EnumMap<>(Metric.class));
                counters.forEach((metric, value) -> merged.counts().merge(metric, value, Long::sum));
                return merged;
            });
        } finally {
            swap.readLock().unlock();
        }
    }

    /** Writes the summed increments once a second, on a thread of its own that the hub stops before the store. */
    @Override
    public void start() {
        flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "rollup-flush");
            thread.setDaemon(true);
            return thread;
        });
        flusher.scheduleWithFixedDelay(() -> {
            try {
                flush();
            } catch (RuntimeException e) {
                log.warn("Counters not written yet, tried again in a second: {}", e.toString());
            }
        }, 1, 1, TimeUnit.SECONDS);
    }

    /** Stops the schedule and writes what is summed, while the store is still there. */
    @Override
    public void stop() {
        ScheduledExecutorService running = flusher;
        flusher = null;
        if (running != null) {
            running.shutdown();
            try {
                running.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        flush();
    }

    @Override
    public boolean isRunning() {
        return flusher != null;
    }

    /** Writes the increments summed since the last flush: one {@code $inc} upsert per document. */
    @PreDestroy
    public void flush() {
        Map<String, Pending> taken;
        swap.writeLock().lock();
        try {
            if (pending.isEmpty()) {
                return;
            }
            taken = pending;
            pending = new ConcurrentHashMap<>();
        } finally {
            swap.writeLock().unlock();
        }
        taken.forEach((id, sums) -> {
            Update update = new Update().setOnInsert("day", sums.day()).setOnInsert("dim", sums.dim())
                    .setOnInsert("key", sums.key());
            sums.counts().forEach((metric, value) -> update.inc(metric.name(), value));
            try {
                mongo.upsert(query(where("_id").is(id)), update, daily);
            } catch (DuplicateKeyException raced) {
                mongo.upsert(query(where("_id").is(id)), update, daily); // another instance's first upsert won
            }
        });
    }

    /** True the first time {@code mark} is made, false ever after. */
    public boolean once(String mark) {
        if (seenMarks.contains(mark)) {
            return false;
        }
        try {
            mongo.insert(new Document("_id", mark), marks);
            return true;
        } catch (DuplicateKeyException again) {
            return false;
        } finally {
            seenMarks.add(mark);
        }
    }

    public boolean marked(String mark) {
        if (seenMarks.contains(mark)) {
            return true;
        }
        boolean stored = mongo.exists(query(where("_id").is(mark)), marks);
        if (stored) {
            seenMarks.add(mark);
        }
        return stored;
    }

    /** The rollups of one dimension over a range of days, both ends included. */
    public List<Document> read(Dimension dimension, LocalDate from, LocalDate to) {
        flush();
        return mongo.find(query(where("dim").is(dimension.name()).and("day").gte(from.toString()).lte(to.toString())),
                Document.class, daily);
    }
}
