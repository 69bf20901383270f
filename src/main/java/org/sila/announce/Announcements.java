package org.sila.announce;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.bson.Document;
import org.bson.types.ObjectId;
import org.sila.announce.Recipient.State;
import org.sila.association.AssociationProfile.Text;
import org.sila.casework.CaseService;
import org.sila.conversation.ConversationQueries;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.aggregation.Aggregation;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * Announcements: a manager's message to a chosen group. Starting one stores it with its whole list of recipients
 * before anything is sent; {@link AnnouncementDispatcher} then hands them to the outbox a batch at a time.
 */
@Service
@EnableConfigurationProperties(AnnounceProperties.class)
public class Announcements {

    private final MongoTemplate mongo;
    private final CaseService cases;
    private final ConversationQueries conversations;
    private final Clock clock;

    Announcements(MongoTemplate mongo, CaseService cases, ConversationQueries conversations, Optional<Clock> clock) {
        this.mongo = mongo;
        this.cases = cases;
        this.conversations = conversations;
        this.clock = clock.orElse(Clock.systemUTC());
        var indexes = mongo.indexOps(Recipient.class);
        // single-field indexes: the embedded store uses an index only for a query on exactly its keys
        indexes.createIndex(new Index().on("announcementId", Sort.Direction.ASC).named("announcement"));
        indexes.createIndex(new Index().on("waiting", Sort.Direction.ASC).sparse().named("waiting"));
        indexes.createIndex(new Index().on("messageId", Sort.Direction.ASC).sparse().named("message"));
        indexes.createIndex(new Index().on("fallbackMessageId", Sort.Direction.ASC).sparse().named("fallback"));
    }

    /**
     * Stores the announcement and one recipient per beneficiary in the audience, then lets the dispatcher send.
     * The Arabic text is required; without an English one, English speakers get the Arabic.
     */
    public Announcement start(Text text, Audience audience, String by) {
        if (text == null || text.ar() == null || text.ar().isBlank()) {
            throw new IllegalArgumentException("An announcement needs its Arabic text");
        }
        Text cleaned = new Text(text.ar().strip(), text.en() == null ? null : text.en().strip());
        Set<String> audienceIds = audience(audience);
        Instant now = now();
        String id = new ObjectId().toHexString();
        List<Document> recipients = audienceIds.stream().map(b -> new Document("_id", Recipient.key(id, b))
                .append("announcementId", id).append("beneficiaryId", b).append("state", State.PENDING.name())
                .append("waiting", id).append("updatedAt", java.util.Date.from(now))).toList();
        if (!recipients.isEmpty()) {
            mongo.getCollection(mongo.getCollectionName(Recipient.class)).insertMany(recipients);
        }
        // the announcement last: the dispatcher only looks for recipients of announcements it can see
        var announcement = new Announcement(id, cleaned, audience, by, now,
                recipients.isEmpty() ? Announcement.Status.QUEUED_ALL : Announcement.Status.SENDING,
                recipients.size(), recipients.isEmpty() ? now : null);
        mongo.insert(announcement);
        return announcement;
    }

    /** The beneficiaries an audience names, in a stable order. */
    Set<String> audience(Audience audience) {
        Set<String> ids;
        if (audience.byCases()) {
            ids = cases.beneficiariesWith(audience.programmes(), audience.cities(), audience.stages());
        } else {
            ids = new LinkedHashSet<>(conversations.beneficiaryIds());
        }
        if (!audience.channels().isEmpty()) {
            ids.retainAll(conversations.beneficiariesOn(audience.channels()));
        }
        return ids;
    }

    public Optional<Announcement> find(String id) {
        return Optional.ofNullable(mongo.findById(id, Announcement.class));
    }

    public List<Announcement> latest(int limit) {
        return mongo.find(new Query().with(Sort.by(Sort.Direction.DESC, "createdAt")).limit(limit),
                Announcement.class);
    }

    /** Recipients by state and the skipped by reason. */
    public Progress progress(Announcement announcement) {
        Map<State, Long> byState = new EnumMap<>(State.class);
        Map<String, Long> skipped = new TreeMap<>();
        Map<String, Long> failed = new TreeMap<>();
        var groups = mongo.aggregate(Aggregation.newAggregation(
                Aggregation.match(where("announcementId").is(announcement.id())),
                Aggregation.group("state", "reason").count().as("n")), Recipient.class, Document.class);
        for (Document g : groups) {
            Document key = g.get("_id", Document.class);
            State state = State.valueOf(key.getString("state"));
            long n = ((Number) g.get("n")).longValue();
            byState.merge(state, n, Long::sum);
            String reason = String.valueOf(key.getString("reason"));
            if (state == State.SKIPPED) {
                skipped.merge(reason, n, Long::sum);
            } else if (state == State.FAILED) {
                failed.merge(reason, n, Long::sum);
            }
        }
        return new Progress(announcement, byState, skipped, failed);
    }

    /** The recipients in {@code state}, e.g. the failed ones for the report. */
    public List<Recipient> recipients(String announcementId, State state, int limit) {
        return mongo.find(query(where("announcementId").is(announcementId).and("state").is(state)).limit(limit),
                Recipient.class);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
