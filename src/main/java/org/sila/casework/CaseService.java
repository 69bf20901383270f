package org.sila.casework;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.bson.Document;
import org.sila.association.AssociationProfiles;
import org.bson.types.ObjectId;
import org.sila.casework.CaseEvents.CaseOpened;
import org.sila.casework.CaseEvents.CaseStageChanged;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/** Opens cases with their reference and moves them through their stages, keeping the history. */
@Service
public class CaseService {

    private static final String COUNTERS = "counters";

    private final MongoTemplate mongo;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final CaseAssignment assignment;
    private final AssociationProfiles associations;

    CaseService(MongoTemplate mongo, ApplicationEventPublisher events, Optional<Clock> clock,
                CaseAssignment assignment, AssociationProfiles associations) {
        this.mongo = mongo;
        this.events = events;
        this.assignment = assignment;
        this.associations = associations;
        this.clock = clock.orElse(Clock.systemUTC());
        var indexes = mongo.indexOps(Case.class);
        indexes.createIndex(new Index().on("reference", Sort.Direction.ASC).unique().named("reference"));
        indexes.createIndex(new Index().on("beneficiaryId", Sort.Direction.ASC).on("createdAt", Sort.Direction.DESC)
                .named("beneficiary"));
        indexes.createIndex(new Index().on("stage", Sort.Direction.ASC).on("dueAt", Sort.Direction.ASC)
                .named("stage_due"));
    }

    public Case open(OpenCase request) {
        Instant now = now();
        String reference = nextReference(request.type(), now);
        // A request is due when the association's committee must answer (none when its policy says "as soon as
        // possible"); it goes to the next researcher (officer) of its work area, or of the association, in turn.
        Instant due = request.dueAt() != null || request.type() != CaseType.SUPPORT_REQUEST ? request.dueAt()
                : associations.active().committeeDueAt(now).orElse(null);
        String assignee = assignment.next(request, associations.active()).orElse(null);
        var opened = new Case(new ObjectId().toHexString(), reference, request.type(), CaseStage.RECEIVED,
                request.beneficiaryId(), request.conversationId(), request.channel(), request.fields(),
                request.anonymous(), request.aboutStaffId(), assignee, request.attestation(), due, now, now,
                List.of(new StageChange(null, CaseStage.RECEIVED, request.openedBy(), null, now)));
        mongo.insert(opened);
        events.publishEvent(new CaseOpened(opened.id(), reference, opened.type(), opened.beneficiaryId(),
                opened.conversationId()));
        return opened;
    }

    /**
     * Moves a case to {@code to}, recording who did it and why. Only from the stage the caller saw: a move made
     * meanwhile by someone else makes this one fail rather than silently skip a stage.
     */
    public Case move(String caseId, CaseStage expectedFrom, CaseStage to, String by, String note) {
        Instant now = now();
        Case moved = mongo.findAndModify(query(where("_id").is(caseId).and("stage").is(expectedFrom)),
                new Update().set("stage", to).set("updatedAt", now)
                        .push("history", new StageChange(expectedFrom, to, by, note, now)),
                FindAndModifyOptions.options().returnNew(true), Case.class);
        if (moved == null) {
            throw new IllegalStateException("Case " + caseId + " is not at stage " + expectedFrom);
        }
        events.publishEvent(new CaseStageChanged(moved.id(), moved.reference(), moved.type(), moved.beneficiaryId(),
                expectedFrom, to, by));
        return moved;
    }

    public Optional<Case> byId(String id) {
        return Optional.ofNullable(mongo.findById(id, Case.class));
    }

    public Optional<Case> byReference(String reference) {
        return Optional.ofNullable(mongo.findOne(query(where("reference").is(reference.strip().toUpperCase())),
                Case.class));
    }

    /** A beneficiary's cases, newest first. */
    public List<Case> ofBeneficiary(String beneficiaryId) {
        return mongo.find(query(where("beneficiaryId").is(beneficiaryId)).with(Sort.by(Sort.Direction.DESC,
                "createdAt")), Case.class);
    }

    /**
     * The beneficiaries with a case in one of {@code programmes}, {@code cities} (spelling folded) and
     * {@code stages}; an empty list does not narrow. Anonymous cases have nobody to name.
     */
    public Set<String> beneficiariesWith(List<String> programmes, List<String> cities, List<CaseStage> stages) {
        Criteria criteria = where("beneficiaryId").ne(null);
        if (!programmes.isEmpty()) {
            criteria = criteria.and("fields.programme").in(programmes);
        }
        if (!stages.isEmpty()) {
            criteria = criteria.and("stage").in(stages);
        }
        var found = query(criteria);
        found.fields().include("beneficiaryId", "fields.city");
        return mongo.find(found, Document.class, mongo.getCollectionName(Case.class)).stream()
                .filter(c -> cities.isEmpty() || cities.stream().anyMatch(city -> PlaceNames.names(
                        c.get("fields", new Document()).getString("city"), city)))
                .map(c -> c.getString("beneficiaryId")).collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    }

    /** {@code SR-2026-000123}: per type and year, from an atomic counter. */
    private String nextReference(CaseType type, Instant now) {
        int year = now.atZone(ZoneOffset.UTC).getYear();
        String key = type.prefix() + "-" + year;
        Document counter = mongo.findAndModify(query(where("_id").is(key)), new Update().inc("value", 1L),
                FindAndModifyOptions.options().upsert(true).returnNew(true), Document.class, COUNTERS);
        long value = ((Number) counter.get("value")).longValue();
        return String.format("%s-%06d", key, value);
    }

    /** Millisecond precision, as the store keeps it, so what a method returns equals what is read back. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
