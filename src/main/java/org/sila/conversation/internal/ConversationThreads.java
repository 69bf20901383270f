package org.sila.conversation.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.annotation.PreDestroy;
import org.sila.channel.ChannelType;
import org.sila.channel.InboundMessage;
import org.sila.conversation.Conversation;
import org.sila.conversation.ConversationEvents.ConversationStatusChanged;
import org.sila.conversation.ConversationLocator;
import org.sila.conversation.ConversationProperties;
import org.sila.conversation.ConversationStatus;
import org.sila.conversation.Identity;
import org.sila.conversation.Message;
import org.sila.store.StoreAccess;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * Conversations: which one a message belongs to (opened when an address has none, joined when a message says it
 * continues one), their status, and when they last moved.
 */
@Component
public class ConversationThreads {

    private final MongoTemplate mongo;
    private final MessageStore messages;
    private final List<ConversationLocator> locators;
    private final ApplicationEventPublisher events;
    /** Conversations moved on by handled messages: many workers at once, sent together. */
    private final GroupedWrites moves;
    /**
     * When each conversation last changed here ({@link System#nanoTime}, after the write), where this process is the
     * store's only writer; null otherwise. Kept longer than a claim on a message lasts.
     */
    private final Cache<String, Long> changedAt;

    ConversationThreads(MongoTemplate mongo, MessageStore messages, List<ConversationLocator> locators,
                        ApplicationEventPublisher events, StoreAccess store, ConversationProperties properties) {
        this.mongo = mongo;
        this.messages = messages;
        this.locators = locators;
        this.events = events;
        this.moves = new GroupedWrites(mongo, Conversation.class, mongo.getCollectionName(Conversation.class),
                "conversation-moves");
        this.changedAt = store.soleProcess()
                ? Caffeine.newBuilder().expireAfterWrite(properties.lease().multipliedBy(2)).build() : null;
    }

    /**
     * Whether the conversation may have changed since it was read at {@code readAt} ({@link System#nanoTime}): a
     * message handled or a status changed here since then, or other processes on the store that could have.
     */
    boolean changedSince(String conversationId, long readAt) {
        if (changedAt == null) {
            return true;
        }
        Long changed = changedAt.getIfPresent(conversationId);
        return changed != null && changed - readAt >= 0;
    }

    private void changed(String conversationId) {
        if (changedAt != null) {
            changedAt.put(conversationId, System.nanoTime());
        }
    }

    @PreDestroy
    void close() {
        moves.close();
    }

    public Optional<Conversation> byId(String id) {
        return Optional.ofNullable(mongo.findById(id, Conversation.class));
    }

    /** The conversation an inbound message belongs to: the one it says it continues, else the address's open one. */
    Conversation of(InboundMessage in, String beneficiaryId, Instant now) {
        return continued(in, now).orElseGet(() -> open(beneficiaryId, in.channel(), in.sender().address(), now));
    }

    /** The open conversation of an address, or a new one; the unique open key settles races. */
    public Conversation open(String beneficiaryId, ChannelType channel, String address, Instant now) {
        String openKey = Identity.key(channel, address);
        Conversation open = mongo.findOne(query(where("openKey").is(openKey)), Conversation.class);
        if (open != null) {
            return open;
        }
        Update update = new Update()
                .setOnInsert("beneficiaryId", beneficiaryId).setOnInsert("channel", channel)
                .setOnInsert("address", address).setOnInsert("status", ConversationStatus.BOT)
                .setOnInsert("createdAt", now).set("updatedAt", now);
        try {
            return mongo.findAndModify(query(where("openKey").is(openKey)), update,
                    FindAndModifyOptions.options().upsert(true).returnNew(true), Conversation.class);
        } catch (DuplicateKeyException raced) {
            return mongo.findOne(query(where("openKey").is(openKey)), Conversation.class);
        }
    }

    /** An inbound message was handled: the conversation shows it (and the answers made meanwhile) as its latest. */
    void inboundHandled(Message inbound, Instant now) {
        Update update = new Update().max("lastMessageAt", now).max("lastInboundAt", inbound.createdAt())
                .set("updatedAt", now);
        if (inbound.externalId() != null) {
            update.set("lastInboundExternalId", inbound.externalId());
        }
        moves.updateFirst(query(where("_id").is(inbound.conversationId())), update);
        changed(inbound.conversationId());
    }

    /** Something was said to the beneficiary outside the handling of an inbound message. */
    void outboundAdded(String conversationId, Instant now) {
        mongo.updateFirst(query(where("_id").is(conversationId)),
                new Update().max("lastMessageAt", now).set("updatedAt", now), Conversation.class);
        changed(conversationId);
    }

    /** Moves a conversation to {@code status}; resolving it closes it, so the next message opens a new one. */
    public Conversation changeStatus(String conversationId, ConversationStatus status, String assignee, Instant now) {
        Update update = new Update().set("status", status).set("updatedAt", now);
        if (assignee != null) {
            update.set("assignee", assignee);
        } else if (status != ConversationStatus.ASSIGNED) {
            update.unset("assignee");
        }
        if (status == ConversationStatus.RESOLVED) {
            update.unset("openKey").set("resolvedAt", now);
        }
        Conversation changed = mongo.findAndModify(query(where("_id").is(conversationId)), update,
                FindAndModifyOptions.options().returnNew(true), Conversation.class);
        if (changed == null) {
            throw new IllegalArgumentException("No conversation " + conversationId);
        }
        changed(conversationId);
        events.publishEvent(ConversationStatusChanged.of(changed));
        return changed;
    }

    /**
     * The conversation an inbound message says it continues: the one holding a message it answers (e-mail
     * {@code In-Reply-To}/{@code References}, newest first), else one a {@link ConversationLocator} names (a case
     * reference). Only a conversation of the sender's own address is joined: a reference anyone can quote (case
     * numbers run in sequence) must not put a message into someone else's conversation. A resolved one is
     * reopened, as help desks reopen a solved ticket on a reply, so staff see the whole thread in one place;
     * when the address meanwhile has another open conversation, the message goes there as usual.
     */
    private Optional<Conversation> continued(InboundMessage in, Instant now) {
        String address = in.sender().address();
        if (!in.inReplyTo().isEmpty()) {
            Message named = messages.firstByExternalIds(in.channel(), in.inReplyTo(), address);
            if (named != null) {
                return joinOrReopen(named.conversationId(), in.channel(), address, now);
            }
        }
        for (ConversationLocator locator : locators) {
            Optional<Conversation> found = locator.conversationFor(in)
                    .flatMap(id -> joinOrReopen(id, in.channel(), address, now));
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private Optional<Conversation> joinOrReopen(String conversationId, ChannelType channel, String address,
                                                Instant now) {
        Conversation found = mongo.findById(conversationId, Conversation.class);
        if (found == null || found.channel() != channel || !address.equals(found.address())) {
            return Optional.empty();
        }
        if (found.openKey() != null) {
            return Optional.of(found);
        }
        try {
            Conversation reopened = mongo.findAndModify(query(where("_id").is(conversationId).and("openKey")
                            .exists(false)), new Update().set("openKey", Identity.key(channel, address))
                            .set("status", ConversationStatus.BOT).unset("assignee").unset("resolvedAt")
                            .set("updatedAt", now),
                    FindAndModifyOptions.options().returnNew(true), Conversation.class);
            if (reopened == null) {
                return byId(conversationId); // reopened meanwhile by another message
            }
            changed(conversationId);
            events.publishEvent(ConversationStatusChanged.of(reopened));
            return Optional.of(reopened);
        } catch (DuplicateKeyException anotherOpen) {
            return Optional.empty();
        }
    }
}
