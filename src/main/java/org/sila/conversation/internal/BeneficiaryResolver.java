package org.sila.conversation.internal;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import org.bson.types.ObjectId;
import org.sila.channel.AssociationFacts;
import org.sila.channel.ChannelType;
import org.sila.channel.PhoneNumbers;
import org.sila.conversation.Beneficiary;
import org.sila.conversation.ConversationEvents.BeneficiariesMerged;
import org.sila.conversation.Identity;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * Who is behind a channel address: beneficiaries and their identities. A first contact creates both; a phone the
 * channel vouches for links the address to the beneficiary who already has that phone, folding two records into
 * one when they turn out to be one person.
 */
@Component
public class BeneficiaryResolver {

    private final MongoTemplate mongo;
    private final MessageStore messages;
    /** The profile's phone regions, read through the port the adapters use. */
    private final AssociationFacts association;
    private final ApplicationEventPublisher events;

    BeneficiaryResolver(MongoTemplate mongo, MessageStore messages, AssociationFacts association,
                        ApplicationEventPublisher events) {
        this.mongo = mongo;
        this.messages = messages;
        this.association = association;
        this.events = events;
    }

    /** The beneficiary behind {@code address} on {@code channel}, created on first contact. */
    public String resolve(ChannelType channel, String address, String displayName, String rawPhone, String language,
                          Instant now) {
        String phone = PhoneNumbers.toE164(rawPhone, association.phoneRegions()).orElse(null);
        Beneficiary byPhone = phone == null ? null : mongo.findOne(query(where("phone").is(phone)), Beneficiary.class);
        // The common case, a known address with nothing new to link, needs no write.
        Identity known = mongo.findById(Identity.key(channel, address), Identity.class);
        if (known != null && (phone == null || (byPhone != null && byPhone.id().equals(known.beneficiaryId())))) {
            return known.beneficiaryId();
        }
        String candidateId = byPhone != null ? byPhone.id() : new ObjectId().toHexString();
        Update setOnInsert = new Update()
                .setOnInsert("channel", channel).setOnInsert("address", address)
                .setOnInsert("beneficiaryId", candidateId).setOnInsert("unreachable", false)
                .setOnInsert("optedOut", false).setOnInsert("createdAt", now);
        if (displayName != null && !displayName.isBlank()) {
            setOnInsert.set("displayName", displayName);
        }
        Identity identity = mongo.findAndModify(query(where("_id").is(Identity.key(channel, address))), setOnInsert,
                FindAndModifyOptions.options().upsert(true).returnNew(true), Identity.class);
        String beneficiaryId = Objects.requireNonNull(identity).beneficiaryId();
        if (beneficiaryId.equals(candidateId) && byPhone == null) {
            create(candidateId, displayName, phone, language, now);
        } else if (phone != null && byPhone != null && !byPhone.id().equals(beneficiaryId)) {
            merge(beneficiaryId, byPhone.id());
            beneficiaryId = byPhone.id();
        } else if (phone != null && byPhone == null) {
            mongo.updateFirst(query(where("_id").is(beneficiaryId).and("phone").exists(false)),
                    new Update().set("phone", phone), Beneficiary.class);
        }
        return beneficiaryId;
    }

    public Optional<Identity> identity(ChannelType channel, String address) {
        return Optional.ofNullable(mongo.findById(Identity.key(channel, address), Identity.class));
    }

    /** Records that an address asked for no more notifications (STOP), or for them again (START). */
    public void optOut(ChannelType channel, String address, boolean optedOut, Instant now) {
        resolve(channel, address, null, channel.isPhoneAddressed() ? address : null, null, now);
        mongo.updateFirst(query(where("_id").is(Identity.key(channel, address))),
                new Update().set("optedOut", optedOut), Identity.class);
    }

    /** The channel says this address cannot be reached (blocked the bot, number gone). */
    public void markUnreachable(ChannelType channel, String address, String reason) {
        mongo.updateFirst(query(where("_id").is(Identity.key(channel, address))),
                new Update().set("unreachable", true).set("unreachableReason", reason), Identity.class);
    }

    private void create(String id, String name, String phone, String language, Instant now) {
        try {
            mongo.insert(new Beneficiary(id, blankToNull(name), phone, language, now));
        } catch (DuplicateKeyException raced) {
            // Another first message with the same phone won: the identity keeps this id, fold it into theirs.
            Beneficiary winner = mongo.findOne(query(where("phone").is(phone)), Beneficiary.class);
            mongo.insert(new Beneficiary(id, blankToNull(name), null, language, now));
            if (winner != null) {
                merge(id, winner.id());
            }
        }
    }

    /** Folds {@code from} into {@code into}: identities, conversations and messages follow. */
    private void merge(String from, String into) {
        Update repoint = new Update().set("beneficiaryId", into);
        mongo.updateMulti(query(where("beneficiaryId").is(from)), repoint, Identity.class);
        mongo.updateMulti(query(where("beneficiaryId").is(from)), repoint, org.sila.conversation.Conversation.class);
        messages.repoint(from, into);
        Beneficiary gone = mongo.findAndRemove(query(where("_id").is(from)), Beneficiary.class);
        if (gone != null && gone.name() != null) {
            mongo.updateFirst(query(where("_id").is(into).and("name").exists(false)),
                    new Update().set("name", gone.name()), Beneficiary.class);
        }
        events.publishEvent(new BeneficiariesMerged(from, into));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
