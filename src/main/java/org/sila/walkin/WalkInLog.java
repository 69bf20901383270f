package org.sila.walkin;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.sila.channel.ChannelType;
import org.sila.channel.InboundGateway;
import org.sila.channel.InboundMessage;
import org.sila.channel.InboundReceipt;
import org.sila.channel.Sender;
import org.sila.conversation.Beneficiary;
import org.sila.conversation.ConversationQueries;
import org.sila.conversation.ConversationService;
import org.sila.conversation.ConversationStatus;
import org.sila.conversation.Message;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * Visits, letters, faxes, phone calls and branch representatives' reports, logged by staff. Each goes in through
 * the inbound gateway like any channel's message, so it lands in the beneficiary's history and counts as a
 * contact (the daily visitor count); the conversation it opens is resolved at once by the one who logged it.
 */
@Service
public class WalkInLog {

    static final String NATIONAL_IDS = "national_ids";

    private final InboundGateway inbound;
    private final ConversationService conversations;
    private final ConversationQueries queries;
    private final MongoTemplate mongo;

    WalkInLog(InboundGateway inbound, ConversationService conversations, ConversationQueries queries,
              MongoTemplate mongo) {
        this.inbound = inbound;
        this.conversations = conversations;
        this.queries = queries;
        this.mongo = mongo;
    }

    /** The beneficiary with this phone or national ID, if the hub knows them. */
    public Optional<Beneficiary> find(String phone, String nationalId) {
        String id = blank(nationalId) ? null : nationalId.strip();
        if (id != null) {
            org.bson.Document known = mongo.findById(id, org.bson.Document.class, NATIONAL_IDS);
            if (known != null) {
                return conversations.beneficiary(known.getString("beneficiaryId"));
            }
        }
        return blank(phone) ? Optional.empty() : conversations.beneficiaryByPhone(phone.strip());
    }

    /** Logs an entry; returns the stored message (its beneficiary id says who it was filed under). */
    public Message log(WalkIn entry, String staffId) {
        if (entry.kind() == null || !entry.kind().isLoggedByStaff()) {
            throw new IllegalArgumentException("Staff log visits, letters, faxes, phone calls and branch reports");
        }
        if (blank(entry.summary())) {
            throw new IllegalArgumentException("Say what the visit or letter was about");
        }
        String beneficiaryId = !blank(entry.beneficiaryId()) ? entry.beneficiaryId()
                : find(entry.phone(), entry.nationalId()).map(Beneficiary::id).orElse(null);
        String address;
        if (beneficiaryId != null) {
            address = "b:" + beneficiaryId;
            queries.linkIdentity(beneficiaryId, entry.kind(), address);
        } else {
            address = "new:" + UUID.randomUUID();
        }
        Map<String, String> metadata = new HashMap<>();
        metadata.put("loggedBy", staffId);
        var message = new InboundMessage(entry.kind(), UUID.randomUUID().toString(),
                new Sender(address, blank(entry.name()) ? null : entry.name().strip(),
                        blank(entry.phone()) ? null : entry.phone().strip(), "ar"),
                entry.summary().strip(), null, Instant.now(), null, null, metadata);
        InboundReceipt receipt = inbound.receive(message);
        Message stored = conversations.message(receipt.messageId()).orElseThrow();
        if (!blank(entry.nationalId())) {
            mongo.upsert(query(where("_id").is(entry.nationalId().strip())),
                    new org.springframework.data.mongodb.core.query.Update()
                            .set("beneficiaryId", stored.beneficiaryId()), NATIONAL_IDS);
        }
        conversations.changeStatus(stored.conversationId(), ConversationStatus.RESOLVED, staffId);
        return stored;
    }

    /** The national ID staff recorded for a beneficiary, if any. */
    public Optional<String> nationalIdOf(String beneficiaryId) {
        return Optional.ofNullable(mongo.findOne(query(where("beneficiaryId").is(beneficiaryId)),
                org.bson.Document.class, NATIONAL_IDS)).map(d -> d.getString("_id"));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
