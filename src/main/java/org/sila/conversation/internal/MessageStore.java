package org.sila.conversation.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import org.bson.types.Binary;
import org.bson.types.ObjectId;
import org.sila.channel.Attachment;
import org.sila.channel.ChannelType;
import org.sila.channel.DeliveryStatus;
import org.sila.channel.DeliveryUpdate;
import org.sila.channel.SendResult;
import org.sila.conversation.Direction;
import org.sila.conversation.Message;
import org.sila.conversation.OutboxDepth;
import org.sila.conversation.StoredAttachment;
import org.sila.store.StoreAccess;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import static org.springframework.data.domain.Sort.Direction.ASC;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * The one owner of the {@code messages} collection (and of the files stored with messages): every read and change
 * of a message is a named operation here, so the stored field names live in this class alone.
 *
 * <p>Claims: a message waiting for a worker carries its id as its work key, and a worker claims it by removing the
 * key in one atomic update on a unique index, so only one worker gets it. A message the hub stores for a worker of
 * its own (an inbound message to answer, a reply to send) is stored already claimed, which spares the claim.
 * Changes many workers make at once (sent, handled) share round trips ({@link GroupedWrites}).
 *
 * <p>Sweeps look for unfinished messages ({@link Unfinished}). On a store only this process writes ({@link
 * StoreAccess#soleProcess}, the embedded store), this class knows them without asking: the embedded store has no
 * secondary indexes, so each sweep's query read every message ever stored, under the collection's lock (seconds
 * once there are 100,000), while the few unfinished ones are read by id. Their ids are read once, at the first
 * sweep, and then kept as messages are stored and finished. Where other instances write too, the queries run on
 * MongoDB's indexes.
 */
@Component
public class MessageStore {

    static final String ATTACHMENTS = "attachments";
    static final String ID = "_id";
    static final String WORK_KEY = "workKey";
    static final String EXTERNAL_KEY = "externalKey";
    static final String ANSWERS = "answers";
    static final String DIRECTION = "direction";
    static final String STATUS = "status";
    static final String HANDLED_AT = "handledAt";
    static final String LEASE_UNTIL = "leaseUntil";
    static final String LEASE_HOLDER = "leaseHolder";
    static final String NEXT_ATTEMPT_AT = "nextAttemptAt";
    static final String CREATED_AT = "createdAt";
    static final String BENEFICIARY_ID = "beneficiaryId";
    static final String CONVERSATION_ID = "conversationId";

    /** What sweeps look for, as a query for the store and as a test of a message read by id. */
    enum Unfinished {
        /** Inbound messages not handled yet. */
        INBOUND(where(DIRECTION).is(Direction.IN).and(HANDLED_AT).exists(false),
                m -> m.direction() == Direction.IN && m.handledAt() == null),
        /** Replies and notifications not sent yet. */
        OUTBOUND(where(STATUS).is(DeliveryStatus.QUEUED), m -> m.status() == DeliveryStatus.QUEUED);

        final Criteria criteria;
        final Predicate<Message> test;

        Unfinished(Criteria criteria, Predicate<Message> test) {
            this.criteria = criteria;
            this.test = test;
        }

        static boolean any(Message m) {
            return INBOUND.test.test(m) || OUTBOUND.test.test(m);
        }
    }

    private final MongoTemplate mongo;
    private final GroupedWrites grouped;
    /** The ids of unfinished messages, where this process is the store's only writer; null elsewhere. */
    private final Set<String> unfinished;
    /** Whether {@link #unfinished} holds those stored before this run too (read at the first sweep, not at start). */
    private volatile boolean unfinishedRead;

    MessageStore(MongoTemplate mongo, StoreAccess store) {
        this.mongo = mongo;
        createIndexes();
        this.unfinished = store.soleProcess() ? ConcurrentHashMap.newKeySet() : null;
        this.grouped = new GroupedWrites(mongo, Message.class, mongo.getCollectionName(Message.class),
                "message-status-writes");
    }

    @PreDestroy
    void close() {
        grouped.close();
    }

    /** One index per query made here; created at start, before any traffic. */
    private void createIndexes() {
        var messages = mongo.indexOps(Message.class);
        // Idempotent inbound and status callbacks on (channel, externalId); outbound messages get theirs once
        // sent. Sparse, not partial: the embedded store ignores partial filters on unique indexes.
        messages.createIndex(new Index().on(EXTERNAL_KEY, ASC).unique().sparse().named("channel_externalId"));
        messages.createIndex(new Index().on(WORK_KEY, ASC).unique().sparse().named("work"));
        messages.createIndex(new Index().on(CONVERSATION_ID, ASC).on(CREATED_AT, ASC).named("conversation_createdAt"));
        messages.createIndex(new Index().on("channel", ASC).on("address", ASC).on(CREATED_AT, ASC)
                .named("address_createdAt"));
        messages.createIndex(new Index().on(STATUS, ASC).on(NEXT_ATTEMPT_AT, ASC).named("outbox"));
        messages.createIndex(new Index().on(DIRECTION, ASC).on(HANDLED_AT, ASC).on(CREATED_AT, ASC)
                .named("inbound_unhandled"));
        messages.createIndex(new Index().on(BENEFICIARY_ID, ASC).named("beneficiary"));
        // read only when a message is handled again after a failure: was it answered already?
        messages.createIndex(new Index().on(ANSWERS, ASC).sparse().named("answers"));
        mongo.indexOps(ATTACHMENTS).createIndex(new Index().on("messageId", ASC).named("message"));
    }

    /**
     * Adds the unfinished messages stored before this run, once, with one read of every message: at the first sweep
     * (after the hub is ready), so a large store does not hold up the start. Ids this run added meanwhile stay.
     */
    private void readUnfinishedOnce() {
        if (unfinishedRead) {
            return;
        }
        synchronized (unfinished) {
            if (!unfinishedRead) {
                Query all = query(new Criteria().orOperator(Unfinished.INBOUND.criteria,
                        Unfinished.OUTBOUND.criteria));
                all.fields().include(ID);
                for (var d : mongo.find(all, org.bson.Document.class, mongo.getCollectionName(Message.class))) {
                    unfinished.add(d.get(ID) instanceof ObjectId oid ? oid.toHexString() : String.valueOf(d.get(ID)));
                }
                unfinishedRead = true;
            }
        }
    }

    /** The unfinished messages of this kind, oldest first, read by id (see the class comment). */
    private List<Message> knownUnfinished(Unfinished kind) {
        readUnfinishedOnce();
        if (unfinished.isEmpty()) {
            return List.of();
        }
        List<String> asked = List.copyOf(unfinished);
        List<Message> found = mongo.find(query(where(ID).in(asked)), Message.class);
        if (found.size() < asked.size()) {
            // Erased since (an id is only added once its message is stored): nothing left to finish.
            Set<String> present = found.stream().map(Message::id).collect(Collectors.toSet());
            asked.stream().filter(id -> !present.contains(id)).forEach(unfinished::remove);
        }
        // Finished while the first sweep read them (their mark came before the read put them back)
        found.stream().filter(m -> !Unfinished.any(m)).forEach(m -> unfinished.remove(m.id()));
        return found.stream().filter(kind.test).sorted(OLDEST_FIRST).toList();
    }

    private static final Comparator<Message> OLDEST_FIRST = Comparator.comparing(Message::createdAt)
            .thenComparing(Message::id);

    private void finished(String messageId) {
        if (unfinished != null) {
            unfinished.remove(messageId);
        }
    }

    // ---- reads ---------------------------------------------------------------------------------------------

    public Optional<Message> byId(String id) {
        return Optional.ofNullable(mongo.findById(id, Message.class));
    }

    public Message byExternalId(ChannelType channel, String externalId) {
        String key = Message.externalKey(channel, externalId);
        return key == null ? null : mongo.findOne(query(where(EXTERNAL_KEY).is(key)), Message.class);
    }

    /** Of the messages with these provider ids from {@code address}, the first in the order of {@code externalIds}. */
    Message firstByExternalIds(ChannelType channel, List<String> externalIds, String address) {
        List<String> keys = externalIds.stream().map(id -> Message.externalKey(channel, id)).toList();
        List<Message> named = mongo.find(query(where(EXTERNAL_KEY).in(keys).and("address").is(address)),
                Message.class);
        for (String key : keys) {
            for (Message m : named) {
                if (key.equals(m.externalKey())) {
                    return m;
                }
            }
        }
        return null;
    }

    /** A conversation's messages, notes included, oldest first. */
    public List<Message> ofConversation(String conversationId) {
        return mongo.find(query(where(CONVERSATION_ID).is(conversationId)).with(Sort.by(CREATED_AT, ID)),
                Message.class);
    }

    /** Everything a beneficiary said and was told, on every channel, notes included, oldest first. */
    public List<Message> ofBeneficiary(String beneficiaryId) {
        return mongo.find(query(where(BENEFICIARY_ID).is(beneficiaryId)).with(Sort.by(CREATED_AT, ID)),
                Message.class);
    }

    /** What was said on one channel address (notes left out), oldest first. */
    public List<Message> atAddress(ChannelType channel, String address) {
        return mongo.find(query(where("channel").is(channel).and("address").is(address)
                .and(DIRECTION).in(Direction.IN, Direction.OUT)).with(Sort.by(CREATED_AT, ID)), Message.class);
    }

    public Message lastInbound(String conversationId) {
        return mongo.findOne(query(where(CONVERSATION_ID).is(conversationId).and(DIRECTION).is(Direction.IN))
                .with(Sort.by(Sort.Direction.DESC, CREATED_AT, ID)), Message.class);
    }

    public long countInbound(Collection<ChannelType> channels, Instant since) {
        return mongo.count(query(where(DIRECTION).is(Direction.IN).and("channel").in(channels)
                .and(CREATED_AT).gte(since)), Message.class);
    }

    public OutboxDepth outboxDepth() {
        if (unfinished != null) {
            List<Message> queued = knownUnfinished(Unfinished.OUTBOUND);
            return new OutboxDepth(queued.size(), queued.isEmpty() ? null : queued.get(0).createdAt());
        }
        Query queued = query(Unfinished.OUTBOUND.criteria);
        long count = mongo.count(queued, Message.class);
        Message oldest = count == 0 ? null
                : mongo.findOne(queued.with(Sort.by(CREATED_AT)).limit(1), Message.class);
        return new OutboxDepth(count, oldest == null ? null : oldest.createdAt());
    }

    /** Whether a reply answers inbound message {@code messageId}. */
    boolean answered(String messageId) {
        return mongo.exists(query(where(ANSWERS).is(messageId)), Message.class);
    }

    // ---- storing -------------------------------------------------------------------------------------------

    /** @return false when a message with the same provider id is stored already (nothing is stored then) */
    public boolean insert(Message message) {
        try {
            mongo.insert(message);
            if (unfinished != null && Unfinished.any(message)) {
                unfinished.add(message.id()); // once stored, so a sweep never reads an id that is not there yet
            }
            return true;
        } catch (DuplicateKeyException raced) {
            removeAttachments(List.of(message.id()));
            return false;
        }
    }

    List<StoredAttachment> storeAttachments(String messageId, List<Attachment> attachments) {
        List<StoredAttachment> refs = new ArrayList<>();
        for (Attachment a : attachments) {
            ObjectId id = new ObjectId();
            mongo.insert(new org.bson.Document(Map.of(ID, id, "messageId", messageId, "fileName", a.fileName(),
                    "contentType", a.contentType(), "size", a.size(), "data", new Binary(a.content()))), ATTACHMENTS);
            refs.add(new StoredAttachment(id.toHexString(), a.fileName(), a.contentType(), a.size()));
        }
        return refs;
    }

    /** The bytes of a stored attachment. */
    public Optional<Attachment> attachment(String attachmentId) {
        if (!ObjectId.isValid(attachmentId)) {
            return Optional.empty();
        }
        var doc = mongo.findById(new ObjectId(attachmentId), org.bson.Document.class, ATTACHMENTS);
        if (doc == null) {
            return Optional.empty();
        }
        return Optional.of(new Attachment(doc.getString("fileName"), doc.getString("contentType"),
                doc.get("data", Binary.class).getData()));
    }

    private void removeAttachments(List<String> messageIds) {
        mongo.remove(query(where("messageId").in(messageIds)), ATTACHMENTS);
    }

    void edit(ChannelType channel, String externalId, String senderAddress, String text, Instant at) {
        mongo.updateFirst(query(where(EXTERNAL_KEY).is(Message.externalKey(channel, externalId))
                        .and(DIRECTION).is(Direction.IN).and("address").is(senderAddress)),
                new Update().set("text", text).set("editedAt", at), Message.class);
    }

    // ---- handling inbound messages -------------------------------------------------------------------------

    /** @return the message as it was before the claim, or null when another worker has it or it is done */
    Message claimForHandling(String messageId, Message.Claim claim) {
        return claim(messageId, new Update().set(LEASE_UNTIL, claim.until()).set(LEASE_HOLDER, claim.holder())
                .inc("handlingAttempts", 1));
    }

    /** Gives back a claimed message not handled (not its turn yet): the claim does not count as an attempt. */
    void putBackUnhandled(String messageId) {
        release(messageId, new Update().unset(LEASE_UNTIL).inc("handlingAttempts", -1));
    }

    /** Whether an inbound message of the same conversation, stored before {@code message}, is still to be handled. */
    boolean earlierUnhandled(Message message) {
        return mongo.exists(query(where(CONVERSATION_ID).is(message.conversationId()).and(CREATED_AT)
                .lt(message.createdAt()).and(DIRECTION).is(Direction.IN).and(HANDLED_AT).exists(false)), Message.class);
    }

    /** Gives a message back after a failed attempt, for another try. */
    void releaseForHandling(String messageId) {
        release(messageId, new Update().unset(LEASE_UNTIL));
    }

    void markHandled(String messageId, Instant at) {
        grouped.updateFirst(query(where(ID).is(messageId)), new Update().set(HANDLED_AT, at).unset(LEASE_UNTIL));
        finished(messageId);
    }

    /** Inbound messages not handled whose worker's lease has run out (or never had one), oldest first. */
    List<Message> unhandled(Instant now, int limit) {
        if (unfinished != null) {
            return knownUnfinished(Unfinished.INBOUND).stream()
                    .filter(m -> m.leaseUntil() == null || !m.leaseUntil().isAfter(now)).limit(limit).toList();
        }
        return mongo.find(query(new Criteria().andOperator(Unfinished.INBOUND.criteria,
                        new Criteria().orOperator(where(LEASE_UNTIL).exists(false), where(LEASE_UNTIL).lte(now))))
                .with(Sort.by(CREATED_AT, ID)).limit(limit), Message.class);
    }

    // ---- sending -------------------------------------------------------------------------------------------

    /** @return the message as it was before the claim, or null when another worker has it or it is done */
    Message claimForSending(String messageId, Message.Claim claim) {
        return claim(messageId, new Update().inc("attempts", 1).set(NEXT_ATTEMPT_AT, claim.until())
                .set(LEASE_HOLDER, claim.holder()));
    }

    /** A message of the same conversation, stored before {@code message}, still to be sent; null if none. */
    Message earlierQueued(Message message) {
        return mongo.findOne(query(where(CONVERSATION_ID).is(message.conversationId()).and(CREATED_AT)
                .lt(message.createdAt()).and(STATUS).is(DeliveryStatus.QUEUED)), Message.class);
    }

    /** Gives back a claimed message not sent (not its turn yet), due at once: the claim does not count as a try. */
    void putBackUnsent(String messageId) {
        release(messageId, new Update().inc("attempts", -1).unset(NEXT_ATTEMPT_AT));
    }

    /** Gives back, untouched, a claimed message whose retry is not due yet. */
    void putBack(Message before) {
        release(before.id(), new Update().set("attempts", before.attempts())
                .set(NEXT_ATTEMPT_AT, before.nextAttemptAt()));
    }

    void retryAt(String messageId, Instant next, String code, String error) {
        release(messageId, new Update().set(NEXT_ATTEMPT_AT, next).set("errorCode", code).set("error", error));
    }

    /** Records what the provider said when it took the message. */
    void markSent(Message message, SendResult result, Instant now) {
        try {
            grouped.updateFirst(query(where(ID).is(message.id())), sent(message, result, now, true));
        } catch (DuplicateKeyException echoedFirst) {
            // The provider's echo of this very message was recorded before its answer came: keep the send.
            grouped.updateFirst(query(where(ID).is(message.id())), sent(message, result, now, false));
        }
        finished(message.id());
    }

    private static Update sent(Message message, SendResult result, Instant now, boolean withExternalKey) {
        Update update = new Update().set(STATUS, result.status()).set("sentAt", now)
                .unset(NEXT_ATTEMPT_AT).unset("errorCode").unset("error");
        if (result.externalId() != null) {
            update.set("externalId", result.externalId());
            if (withExternalKey) {
                update.set(EXTERNAL_KEY, Message.externalKey(message.channel(), result.externalId()));
            }
        }
        if (result.status() == DeliveryStatus.DELIVERED) {
            update.set("deliveredAt", now);
        }
        result.details().forEach((k, v) -> update.set("details." + k, v));
        return update;
    }

    void markFailed(String messageId, String code, String error) {
        mongo.updateFirst(query(where(ID).is(messageId)), new Update().set(STATUS, DeliveryStatus.FAILED)
                .unset(NEXT_ATTEMPT_AT).set("errorCode", code).set("error", error), Message.class);
        finished(messageId);
    }

    /** Applies a provider's later word on a sent message; it only ever moves the message forward. */
    boolean moveForward(Message message, DeliveryUpdate update) {
        if (message.direction() != Direction.OUT
                || (message.status() != null && !update.status().isAfter(message.status()))) {
            return false;
        }
        Update change = new Update().set(STATUS, update.status());
        switch (update.status()) {
            case DELIVERED -> change.set("deliveredAt", update.at());
            case READ -> change.set("readAt", update.at());
            case FAILED -> change.set("errorCode", update.errorCode()).set("error", update.errorMessage());
            default -> { }
        }
        mongo.updateFirst(query(where(ID).is(message.id())), change, Message.class);
        return true;
    }

    /** Outbound messages to an address sent up to {@code watermark} that a receipt may still move forward. */
    List<Message> sentUpTo(ChannelType channel, String address, Instant watermark) {
        return mongo.find(query(where("channel").is(channel).and("address").is(address)
                .and(DIRECTION).is(Direction.OUT).and(EXTERNAL_KEY).exists(true).and("sentAt").lte(watermark)
                .and(STATUS).in(DeliveryStatus.SENT, DeliveryStatus.DELIVERED)), Message.class);
    }

    /** Outbound messages still to send, oldest first. */
    List<Message> queued(int limit) {
        if (unfinished != null) {
            return knownUnfinished(Unfinished.OUTBOUND).stream().limit(limit).toList();
        }
        return mongo.find(query(Unfinished.OUTBOUND.criteria).with(Sort.by(CREATED_AT, ID)).limit(limit),
                Message.class);
    }

    // ---- claims --------------------------------------------------------------------------------------------

    private Message claim(String messageId, Update update) {
        return mongo.findAndModify(query(where(WORK_KEY).is(messageId)), update.unset(WORK_KEY),
                FindAndModifyOptions.options().returnNew(false), Message.class);
    }

    private void release(String messageId, Update update) {
        mongo.updateFirst(query(where(ID).is(messageId)), update.set(WORK_KEY, messageId), Message.class);
    }

    /** Offers a message whose worker is gone (its lease ran out, or its run of the hub stopped) to workers again. */
    void offerAgain(String messageId, Update reset) {
        release(messageId, reset);
    }

    /** Claimed unfinished messages of this kind held by none of the runs of the hub in {@code holders}. */
    List<Message> heldByNoneOf(Unfinished kind, List<String> holders) {
        if (unfinished != null) {
            return knownUnfinished(kind).stream()
                    .filter(m -> m.workKey() == null
                            && (m.leaseHolder() == null || !holders.contains(m.leaseHolder()))).toList();
        }
        return mongo.find(query(new Criteria().andOperator(kind.criteria,
                where(WORK_KEY).exists(false).and(LEASE_HOLDER).nin(holders))), Message.class);
    }

    // ---- beneficiaries -------------------------------------------------------------------------------------

    /** Moves every message of beneficiary {@code from} to {@code into} (two records found to be one person). */
    void repoint(String from, String into) {
        mongo.updateMulti(query(where(BENEFICIARY_ID).is(from)), new Update().set(BENEFICIARY_ID, into),
                Message.class);
    }

    /** Removes every message of a beneficiary, with its files. */
    public long erase(String beneficiaryId) {
        List<String> ids = mongo.find(query(where(BENEFICIARY_ID).is(beneficiaryId)), Message.class).stream()
                .map(Message::id).toList();
        removeAttachments(ids);
        return mongo.remove(query(where(BENEFICIARY_ID).is(beneficiaryId)), Message.class).getDeletedCount();
    }
}
