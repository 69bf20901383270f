package org.sila.conversation;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.sila.channel.AddressErased;
import org.sila.conversation.internal.MessageStore;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/** A beneficiary's data in the conversation store, for a data-access request (export) or erasure. */
@Service
public class BeneficiaryRecords {

    private final MongoTemplate mongo;
    private final MessageStore messages;
    private final ApplicationEventPublisher events;

    BeneficiaryRecords(MongoTemplate mongo, MessageStore messages, ApplicationEventPublisher events) {
        this.mongo = mongo;
        this.messages = messages;
        this.events = events;
    }

    /** The beneficiary, their identities on every channel, conversations and messages (files by name only). */
    public Map<String, Object> export(String beneficiaryId) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("beneficiary", mongo.findById(beneficiaryId, Beneficiary.class));
        out.put("identities", mongo.find(query(where("beneficiaryId").is(beneficiaryId)), Identity.class));
        out.put("conversations", mongo.find(query(where("beneficiaryId").is(beneficiaryId))
                .with(Sort.by("createdAt")), Conversation.class));
        out.put("messages", messages.ofBeneficiary(beneficiaryId));
        return out;
    }

    /**
     * Erases what the beneficiary said and who they are on every channel: messages with their files,
     * conversations, identities; the beneficiary record keeps only its id (the audit log refers to it).
     *
     * Then each of their addresses is announced erased ({@link AddressErased}), for what the channels keep of it.
     *
     * @return how many messages were erased
     */
    public long erase(String beneficiaryId) {
        Set<AddressErased> addresses = new LinkedHashSet<>();
        mongo.find(query(where("beneficiaryId").is(beneficiaryId)), Identity.class)
                .forEach(i -> addresses.add(new AddressErased(i.channel(), i.address())));
        mongo.find(query(where("beneficiaryId").is(beneficiaryId)), Conversation.class)
                .forEach(c -> addresses.add(new AddressErased(c.channel(), c.address())));
        long erased = messages.erase(beneficiaryId);
        mongo.remove(query(where("beneficiaryId").is(beneficiaryId)), Conversation.class);
        mongo.remove(query(where("beneficiaryId").is(beneficiaryId)), Identity.class);
        mongo.updateFirst(query(where("_id").is(beneficiaryId)),
                new Update().unset("name").unset("phone").unset("language").set("erased", true), Beneficiary.class);
        addresses.forEach(events::publishEvent);
        return erased;
    }
}
