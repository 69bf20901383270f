package org.sila.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.sila.channel.LiveRelay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Relays live updates between hub instances through the store, which is all they share. Each instance numbers its
 * updates in order (in memory: one insert an update, no shared counter) and writes them to {@value #UPDATES}; every
 * instance reads the others' new ones a few times a second and hands them to its listeners in each writer's order.
 * (The embedded store has no change streams or tailable cursors; a poll of a short collection works on both.)
 *
 * <p>Instances say they are alive in {@value #MEMBERS}; an instance that hears of no other writes nothing, so one
 * instance alone pays nothing for the relay.
 */
@Component
class StoreLiveRelay implements LiveRelay, ClusterMembers, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StoreLiveRelay.class);
    static final String UPDATES = "live_updates";
    static final String MEMBERS = "cluster_members";
    /** How long a number is waited for when a later one is already there (its writer may still be writing it). */
    private static final long GAP_WAIT_MILLIS = 2_000;
    /** Below the web server's start phase (Integer.MAX_VALUE - 2048 in Spring Boot). */
    static final int PHASE = Integer.MAX_VALUE - 4096;

    private record Listener<T>(Class<T> type, Consumer<T> consumer) {
        void accept(Object converted) {
            consumer.accept(type.cast(converted));
        }
    }

    private final MongoTemplate mongo;
    private final ClusterProperties properties;
    private final String instanceId = UUID.randomUUID().toString();
    private final Map<String, List<Listener<?>>> listeners = new ConcurrentHashMap<>();
    private final AtomicLong published = new AtomicLong();
    /** The other live instances; written by the heartbeat, read by publishers and the poll. */
    private volatile List<String> others = List.of();
    /** Per other instance: the number of its last update handed on, and since when a gap after it was waited on. */
    private final Map<String, long[]> positions = new HashMap<>();
    private volatile ScheduledExecutorService worker;
    private long startedAt;
    private long lastCleanup;

    StoreLiveRelay(MongoTemplate mongo, ClusterProperties properties) {
        this.mongo = mongo;
        this.properties = properties;
    }

    @Override
    public void publish(String topic, Object update) {
        if (others.isEmpty() || worker == null) {
            return; // alone, or stopping: the store may already be closing
        }
        try {
            Document payload = new Document();
            mongo.getConverter().write(update, payload);
            updates().insertOne(new Document("origin", instanceId).append("n", published.incrementAndGet())
                    .append("topic", topic).append("at", System.currentTimeMillis()).append("update", payload));
        } catch (RuntimeException e) {
            // Live only: the other instances' pages read it from the history when they next load.
            log.warn("Could not relay a {} update to the other instances: {}", topic, e.toString());
        }
    }

    @Override
    public void withdraw(String topic, String field, String value) {
        // Even alone: an instance that stopped may have left updates behind that are not cleaned up yet.
        updates().deleteMany(Filters.and(Filters.eq("topic", topic), Filters.eq("update." + field, value)));
    }

    @Override
    public String self() {
        return instanceId;
    }

    @Override
    public Set<String> others() {
        return Set.copyOf(others);
    }

    @Override
    public Set<String> othersNow() {
        return Set.copyOf(readOthers(System.currentTimeMillis()));
    }

    @Override
    public <T> void subscribe(String topic, Class<T> type, Consumer<T> listener) {
        listeners.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>()).add(new Listener<>(type, listener));
    }

    @Override
    public void start() {
        startedAt = System.currentTimeMillis();
        // For a real MongoDB (the embedded store keeps unique indexes only, and its collections here stay short).
        updates().createIndex(Indexes.ascending("origin", "n"));
        heartbeat();
        // Two threads: a poll slowed by a busy store never holds up the heartbeat, whose silence makes the other
        // instances take this one's work over. (Each task runs on one thread at a time; they share only `others`.)
        ScheduledExecutorService started = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "cluster-relay");
            thread.setDaemon(true);
            return thread;
        });
        started.scheduleWithFixedDelay(() -> guarded(this::poll), properties.pollInterval().toMillis(),
                properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        started.scheduleWithFixedDelay(() -> guarded(this::heartbeat), properties.heartbeat().toMillis(),
                properties.heartbeat().toMillis(), TimeUnit.MILLISECONDS);
        worker = started;
    }

    @Override
    public void stop() {
        ScheduledExecutorService stopping = worker;
        worker = null;
        if (stopping != null) {
            stopping.shutdownNow();
            guarded(() -> mongo.getCollection(MEMBERS).deleteOne(Filters.eq("_id", instanceId)));
        }
    }

    /**
     * Before the web server and the pollers: an instance says it is alive before it claims any work, so that no other
     * takes over a claim of an instance it has not heard of yet. (And it stops after them.)
     */
    @Override
    public int getPhase() {
        return PHASE;
    }

    @Override
    public boolean isRunning() {
        return worker != null;
    }

    /** Says this instance is alive, and learns whether any other is. */
    void heartbeat() {
        long now = System.currentTimeMillis();
        MongoCollection<Document> members = mongo.getCollection(MEMBERS);
        members.updateOne(Filters.eq("_id", instanceId), Updates.set("seenAt", now),
                new UpdateOptions().upsert(true));
        others = readOthers(now);
        if (now - lastCleanup >= properties.keepUpdates().toMillis() / 3) {
            lastCleanup = now;
            updates().deleteMany(Filters.lt("at", now - properties.keepUpdates().toMillis()));
            members.deleteMany(Filters.lt("seenAt", now - properties.keepUpdates().toMillis()));
        }
    }

    private List<String> readOthers(long now) {
        long aliveSince = now - 3 * properties.heartbeat().toMillis();
        List<String> alive = new ArrayList<>();
        for (Document member : mongo.getCollection(MEMBERS).find()) {
            if (!instanceId.equals(member.getString("_id")) && member.getLong("seenAt") >= aliveSince) {
                alive.add(member.getString("_id"));
            }
        }
        return List.copyOf(alive);
    }

    /** Hands the others' new updates to the listeners, each instance's in the order it wrote them. */
    void poll() {
        positions.keySet().retainAll(others);
        for (String origin : others) {
            long[] position = positions.computeIfAbsent(origin, o -> new long[2]);
            List<Document> found = updates().find(Filters.and(Filters.eq("origin", origin),
                    Filters.gt("n", position[0]))).sort(Sorts.ascending("n")).into(new ArrayList<>());
            for (Document update : found) {
                long number = update.getLong("n");
                // A gap: the missing one is likely still being written by another thread of its instance; wait for
                // it a little, keeping the order. (Not for the first seen: older ones may have been cleaned up.)
                if (number != position[0] + 1 && position[0] != 0) {
                    long now = System.currentTimeMillis();
                    if (position[1] == 0) {
                        position[1] = now;
                    }
                    if (now - position[1] < GAP_WAIT_MILLIS) {
                        break;
                    }
                }
                position[0] = number;
                position[1] = 0;
                if (update.getLong("at") >= startedAt) {
                    deliver(update.getString("topic"), update.get("update", Document.class));
                }
            }
        }
    }

    private void deliver(String topic, Document payload) {
        for (Listener<?> listener : listeners.getOrDefault(topic, List.of())) {
            try {
                listener.accept(mongo.getConverter().read(listener.type(), payload));
            } catch (RuntimeException e) {
                log.warn("A relayed {} update could not be shown: {}", topic, e.toString());
            }
        }
    }

    private MongoCollection<Document> updates() {
        return mongo.getCollection(UPDATES);
    }

    private static void guarded(Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            log.warn("Cluster relay: {}", e.toString());
        }
    }
}
