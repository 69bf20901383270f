package org.sila.conversation;

import java.util.List;

import org.sila.channel.ChannelType;
import org.springframework.data.domain.Sort;
import org.sila.conversation.internal.MessageStore;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.stereotype.Service;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/** The reads the staff console needs: the inbox, and a beneficiary's whole history across channels. */
@Service
public class ConversationQueries {

    private final MongoTemplate mongo;
    private final MessageStore messages;

    ConversationQueries(MongoTemplate mongo, MessageStore messages) {
        this.mongo = mongo;
        this.messages = messages;
    }

    /**
     * What the inbox shows.
     *
     * @param channel  only this channel, or null
     * @param status   only this status, or null for all but resolved
     * @param assignee only conversations assigned to this staff member, or null
     */
    public record InboxFilter(ChannelType channel, ConversationStatus status, String assignee,
                              boolean waitingLongestFirst) {
    }

    public List<Conversation> inbox(InboxFilter filter, int limit) {
        Criteria criteria = filter.status() != null ? where("status").is(filter.status())
                : where("status").ne(ConversationStatus.RESOLVED);
        if (filter.channel() != null) {
            criteria = criteria.and("channel").is(filter.channel());
        }
        if (filter.assignee() != null) {
            criteria = criteria.and("assignee").is(filter.assignee());
        }
        Sort sort = filter.waitingLongestFirst()
                ? Sort.by(Sort.Order.asc("lastInboundAt"), Sort.Order.asc("_id"))
                : Sort.by(Sort.Order.desc("lastMessageAt"), Sort.Order.desc("_id"));
        return mongo.find(query(criteria).with(sort).limit(limit), Conversation.class);
    }

    /** A beneficiary's conversations on every channel, newest activity first. */
    public List<Conversation> conversationsOf(String beneficiaryId) {
        return mongo.find(query(where("beneficiaryId").is(beneficiaryId))
                .with(Sort.by(Sort.Order.desc("updatedAt"), Sort.Order.desc("_id"))), Conversation.class);
    }

    /** Everything a beneficiary said and was told, on every channel, notes included, oldest first. */
    public List<Message> historyOf(String beneficiaryId) {
        return messages.ofBeneficiary(beneficiaryId);
    }

    /** The last inbound message of a conversation, for the inbox's preview. */
    public Message lastInbound(String conversationId) {
        return messages.lastInbound(conversationId);
    }

    /** Inbound messages on these channels since {@code since}: the daily visitor count for logged channels. */
    public long countInbound(java.util.Collection<ChannelType> channels, java.time.Instant since) {
        return messages.countInbound(channels, since);
    }

    /** How many messages wait to be sent, and since when the oldest (for operators). */
    public OutboxDepth outboxDepth() {
        return messages.outboxDepth();
    }

    /** Every beneficiary's id, in id order (an announcement to everyone). */
    public List<String> beneficiaryIds() {
        var all = new org.springframework.data.mongodb.core.query.Query().with(Sort.by("_id"));
        all.fields().include("_id");
        return mongo.find(all, org.bson.Document.class, mongo.getCollectionName(Beneficiary.class)).stream()
                .map(d -> d.get("_id").toString()).toList();
    }

    /** The beneficiaries with an address on any of {@code channels}. */
    public java.util.Set<String> beneficiariesOn(java.util.Collection<ChannelType> channels) {
        var on = query(where("channel").in(channels));
        on.fields().include("beneficiaryId");
        return mongo.find(on, org.bson.Document.class, mongo.getCollectionName(Identity.class)).stream()
                .map(d -> d.getString("beneficiaryId")).collect(java.util.stream.Collectors.toSet());
    }

    /** Links a channel address to a known beneficiary before anything arrives on it (staff logging a visit). */
    public void linkIdentity(String beneficiaryId, ChannelType channel, String address) {
        mongo.upsert(query(where("_id").is(Identity.key(channel, address))),
                new org.springframework.data.mongodb.core.query.Update()
                        .setOnInsert("channel", channel).setOnInsert("address", address)
                        .setOnInsert("beneficiaryId", beneficiaryId).setOnInsert("unreachable", false)
                        .setOnInsert("optedOut", false).setOnInsert("createdAt", java.time.Instant.now()),
                Identity.class);
    }
}
