package org.sila.console.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.bson.Document;
import org.sila.conversation.BeneficiaryRecords;
import org.sila.conversation.Conversation;
import org.sila.conversation.ConversationProperties;
import org.sila.conversation.ConversationQueries;
import org.sila.staff.AuditLog;
import org.sila.staff.BeneficiaryData;
import org.sila.staff.StaffMember;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * Erases a beneficiary across every module ({@link BeneficiaryData}) and the conversation store, and once more when
 * the work under way for them at that moment is over: a message being answered then may still store its reply, its
 * dialogue state or its case just after, and would outlive the erasure. Work on a message lasts at most a worker's
 * lease ({@link ConversationProperties#lease()}), so the second pass comes after it. The pending pass is stored (with
 * the conversations the first pass found, which it erased) before the first pass runs, so neither a restart nor a
 * crash part-way loses it.
 */
@Component
class Erasure {

    static final String PENDING = "erasures_pending";
    /** Beyond the lease: time for a worker that held a message to the end of its lease to finish its last write. */
    private static final Duration MARGIN = Duration.ofSeconds(30);

    private final ConversationQueries queries;
    private final BeneficiaryRecords records;
    private final List<BeneficiaryData> holders;
    private final AuditLog audit;
    private final MongoTemplate mongo;
    private final Duration lease;
    private final Clock clock;

    Erasure(ConversationQueries queries, BeneficiaryRecords records, List<BeneficiaryData> holders, AuditLog audit,
            MongoTemplate mongo, ConversationProperties conversations, Optional<Clock> clock) {
        this.queries = queries;
        this.records = records;
        this.holders = holders;
        this.audit = audit;
        this.mongo = mongo;
        this.lease = conversations.lease();
        this.clock = clock.orElse(Clock.systemUTC());
    }

    /** The beneficiary and their conversations, as the modules find what they hold. */
    BeneficiaryData.Subject subject(String beneficiaryId) {
        return subject(beneficiaryId, List.of());
    }

    /** Erases them now, and again once the work under way for them is over; returns what was erased, for the audit. */
    String erase(String beneficiaryId) {
        BeneficiaryData.Subject subject = subject(beneficiaryId);
        mongo.save(new Document("_id", beneficiaryId).append("conversationIds", subject.conversationIds())
                .append("again", clock.instant().plus(lease).plus(MARGIN)), PENDING);
        return erase(subject).detail();
    }

    @Scheduled(fixedDelayString = "${sila.pipeline.sweep-interval:30s}",
            initialDelayString = "${sila.pipeline.sweep-interval:30s}")
    void eraseAgainWhenDue() {
        eraseAgainDueBy(clock.instant());
    }

    /** The second passes due by {@code now}: what they find is erased and audited, and the pass is done. */
    void eraseAgainDueBy(Instant now) {
        for (Document pending : mongo.find(query(where("again").lte(now)), Document.class, PENDING)) {
            String beneficiaryId = pending.getString("_id");
            Erased erased = erase(subject(beneficiaryId, pending.getList("conversationIds", String.class)));
            if (erased.count() > 0) {
                audit.record(StaffMember.SYSTEM.username(), "ERASE", beneficiaryId, beneficiaryId,
                        "again, after the work under way: " + erased.detail());
            }
            mongo.remove(query(where("_id").is(beneficiaryId)), PENDING);
        }
    }

    private record Erased(String detail, long count) {
    }

    private Erased erase(BeneficiaryData.Subject subject) {
        StringBuilder detail = new StringBuilder();
        long count = 0;
        for (BeneficiaryData holder : holders) {
            long n = holder.erase(subject);
            count += n;
            detail.append(holder.section()).append(' ').append(n).append(", ");
        }
        long messages = records.erase(subject.beneficiaryId());
        return new Erased(detail + "messages " + messages, count + messages);
    }

    private BeneficiaryData.Subject subject(String beneficiaryId, List<String> known) {
        Set<String> conversationIds = new LinkedHashSet<>(known);
        queries.conversationsOf(beneficiaryId).stream().map(Conversation::id).forEach(conversationIds::add);
        return new BeneficiaryData.Subject(beneficiaryId, new ArrayList<>(conversationIds));
    }
}
