package org.sila.conversation;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.bson.types.Binary;
import org.bson.types.ObjectId;
import org.sila.channel.AssociationFacts;
import org.sila.channel.Attachment;
import org.sila.channel.ChannelType;
import org.sila.channel.DeliveryStatus;
import org.sila.channel.DeliveryUpdate;
import org.sila.channel.DeliveryWatermark;
import org.sila.channel.InboundEdit;
import org.sila.channel.InboundGateway;
import org.sila.channel.InboundMessage;
import org.sila.channel.InboundReceipt;
import org.sila.channel.OptOutChange;
import org.sila.channel.OutboundEcho;
import org.sila.channel.PhoneNumbers;
import org.sila.conversation.ConversationEvents.BeneficiariesMerged;
import org.sila.conversation.ConversationEvents.ConversationStatusChanged;
import org.sila.conversation.ConversationEvents.MessageAdded;
import org.sila.conversation.ConversationEvents.MessageReceived;
import org.sila.conversation.ConversationEvents.MessageStatusChanged;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.integration.annotation.ServiceActivator;
import org.springframework.stereotype.Service;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * The conversation store: beneficiaries and their identities, conversations, and messages. It is the end of the
 * inbound pipeline (what adapters hand in is stored here, once) and the start of the outbound one (replies are
 * stored {@code QUEUED} here before anything is sent).
 */
@Service
public class ConversationService {

    /** The detail naming the inbound message a reply answers. */
    public static final String ANSWERS = "answers";
    private static final String ANSWERED_BY = "details." + ANSWERS;
    static final String ATTACHMENTS = "attachments";

    private final MongoTemplate mongo;
    private final ApplicationEventPublisher events;
    private final ConversationProperties properties;
    private final Clock clock;
    private final List<ConversationLocator> locators;
    /** The profile's phone regions, read through the port the adapters use. */
    private final AssociationFacts association;
    /** The inbound message this thread is answering, if any (see {@link #answering}). */
    private final ThreadLocal<String> answering = new ThreadLocal<>();

    ConversationService(MongoTemplate mongo, ApplicationEventPublisher events, ConversationProperties properties,
                        Optional<Clock> clock, List<ConversationLocator> locators, AssociationFacts association) {
        this.mongo = mongo;
        this.association = association;
        this.events = events;
        this.properties = properties;
        this.locators = locators;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    // ---- inbound -------------------------------------------------------------------------------------------

    /** Stores an inbound message once per {@code (channel, externalId)} and raises {@link MessageReceived}. */
    @ServiceActivator(inputChannel = InboundGateway.INBOUND)
    public InboundReceipt receive(InboundMessage in) {
        Message existing = findByExternalId(in.channel(), in.externalId());
        if (existing != null) {
            return new InboundReceipt(existing.id(), true);
        }
        for (Attachment a : in.attachments()) {
            if (a.size() > properties.maxAttachmentBytes()) {
                throw new IllegalArgumentException("Attachment " + a.fileName() + " is larger than the store allows");
            }
        }
        Instant now = now();
        String beneficiaryId = resolveBeneficiary(in.channel(), in.sender().address(), in.sender().displayName(),
                in.sender().phone(), in.sender().language(), now);
        Conversation conversation = threadedConversation(in, now)
                .orElseGet(() -> openConversation(beneficiaryId, in.channel(), in.sender().address(), now));

        String messageId = new ObjectId().toHexString();
        List<StoredAttachment> attachments = storeAttachments(messageId, in.attachments());
        var message = new Message(messageId, conversation.id(), beneficiaryId, Direction.IN, in.channel(),
                in.sender().address(), in.externalId(), Message.externalKey(in.channel(), in.externalId()),
                in.text(), attachments, Author.BENEFICIARY, null, null, null, in.quickReplyPayload(),
                in.inReplyTo(), false, DeliveryStatus.DELIVERED, null, null, 0, null, null, now, in.sentAt(), now,
                null, null, 0, null, in.metadata(), messageId);
        try {
            mongo.insert(message);
        } catch (DuplicateKeyException raced) {
            // The provider delivered the same message twice at once; the other delivery stored it.
            mongo.remove(query(where("messageId").is(messageId)), ATTACHMENTS);
            Message winner = Objects.requireNonNull(findByExternalId(in.channel(), in.externalId()));
            return new InboundReceipt(winner.id(), true);
        }
        mongo.updateFirst(query(where("_id").is(conversation.id())),
                new Update().set("lastMessageAt", now).set("lastInboundAt", now).set("updatedAt", now)
                        .set("lastInboundExternalId", in.externalId()), Conversation.class);
        events.publishEvent(new MessageReceived(messageId, conversation.id(), beneficiaryId, in.channel()));
        return new InboundReceipt(messageId, false);
    }

    @ServiceActivator(inputChannel = InboundGateway.EDITS)
    public void edit(InboundEdit edit) {
        mongo.updateFirst(query(where("externalKey").is(Message.externalKey(edit.channel(), edit.externalId()))
                        .and("direction").is(Direction.IN).and("address").is(edit.senderAddress())),
                new Update().set("text", edit.text()).set("editedAt", now()), Message.class);
    }

    /** Status callbacks may come late or twice: a message only moves forward. */
    @ServiceActivator(inputChannel = InboundGateway.DELIVERY_UPDATES)
    public void deliveryUpdate(DeliveryUpdate update) {
        Message message = findByExternalId(update.channel(), update.externalId());
        if (message == null || message.direction() != Direction.OUT
                || (message.status() != null && !update.status().isAfter(message.status()))) {
            return;
        }
        Update change = new Update().set("status", update.status());
        switch (update.status()) {
            case DELIVERED -> change.set("deliveredAt", update.at());
            case READ -> change.set("readAt", update.at());
            case FAILED -> change.set("errorCode", update.errorCode()).set("error", update.errorMessage());
            default -> { }
        }
        mongo.updateFirst(query(where("_id").is(message.id())), change, Message.class);
        events.publishEvent(new MessageStatusChanged(message.id(), message.conversationId(), update.status()));
    }

    @ServiceActivator(inputChannel = InboundGateway.OPT_OUTS)
    public void optOut(OptOutChange change) {
        Instant now = now();
        String beneficiaryId = resolveBeneficiary(change.channel(), change.address(), null,
                phoneAddressed(change.channel()) ? change.address() : null, null, now);
        mongo.updateFirst(query(where("_id").is(Identity.key(change.channel(), change.address()))),
                new Update().set("optedOut", change.optedOut()), Identity.class);
        Objects.requireNonNull(beneficiaryId);
    }

    /**
     * Records what the association sent from outside the hub (a provider's echo) as an outbound message that is
     * already {@code SENT}, once per {@code (channel, externalId)}. It is never sent again.
     */
    @ServiceActivator(inputChannel = InboundGateway.ECHOES)
    public void echo(OutboundEcho echo) {
        if (findByExternalId(echo.channel(), echo.externalId()) != null) {
            return;
        }
        Instant now = now();
        String beneficiaryId = resolveBeneficiary(echo.channel(), echo.recipient(), null, null, null, now);
        Conversation conversation = openConversation(beneficiaryId, echo.channel(), echo.recipient(), now);
        Map<String, String> details = new HashMap<>(echo.metadata());
        details.put("origin", "outside the hub");
        var message = new Message(new ObjectId().toHexString(), conversation.id(), beneficiaryId, Direction.OUT,
                echo.channel(), echo.recipient(), echo.externalId(),
                Message.externalKey(echo.channel(), echo.externalId()), echo.text(), List.of(), Author.staff(null),
                null, null, null, null, null, false, DeliveryStatus.SENT, null, null, 0, null, null, now,
                echo.sentAt() == null ? now : echo.sentAt(), null, null, null, 0, null, details, null);
        try {
            mongo.insert(message);
        } catch (DuplicateKeyException raced) {
            return; // the same echo delivered twice at once
        }
        mongo.updateFirst(query(where("_id").is(conversation.id())),
                new Update().set("lastMessageAt", now).set("updatedAt", now), Conversation.class);
        events.publishEvent(MessageAdded.of(message));
    }

    /** A receipt by moment: each outbound message to the address sent up to the watermark moves forward. */
    @ServiceActivator(inputChannel = InboundGateway.WATERMARKS)
    public void deliveryWatermark(DeliveryWatermark watermark) {
        List<Message> covered = mongo.find(query(where("channel").is(watermark.channel())
                .and("address").is(watermark.address()).and("direction").is(Direction.OUT)
                .and("externalKey").exists(true).and("sentAt").lte(watermark.watermark())
                .and("status").in(DeliveryStatus.SENT, DeliveryStatus.DELIVERED)), Message.class);
        for (Message message : covered) {
            deliveryUpdate(new DeliveryUpdate(watermark.channel(), message.externalId(), watermark.status(), null,
                    null, watermark.watermark()));
        }
    }

    // ---- outbound ------------------------------------------------------------------------------------------

    /** Stores a reply {@code QUEUED} on the conversation's channel; the outbox sends it. */
    public Message reply(String conversationId, Reply reply) {
        Conversation conversation = conversation(conversationId)
                .orElseThrow(() -> new IllegalArgumentException("No conversation " + conversationId));
        Instant now = now();
        String messageId = new ObjectId().toHexString();
        Map<String, String> details = reply.details();
        if (answering.get() != null) {
            details = new HashMap<>(details);
            details.put(ANSWERS, answering.get());
        }
        var message = new Message(messageId, conversation.id(), conversation.beneficiaryId(),
                Direction.OUT, conversation.channel(), conversation.address(), null, null, reply.text(), List.of(),
                reply.author(), reply.intent(), reply.confidence(), reply.quickReplies(), null, null,
                reply.notification(), DeliveryStatus.QUEUED, null, null, 0, now, null, now, null, null, null,
                null, 0, null, details, messageId);
        mongo.insert(message);
        mongo.updateFirst(query(where("_id").is(conversation.id())),
                new Update().set("lastMessageAt", now).set("updatedAt", now), Conversation.class);
        events.publishEvent(MessageAdded.of(message));
        return message;
    }

    /**
     * Runs {@code work} on behalf of inbound message {@code messageId}: the replies made in it (on this thread) are
     * marked as its answers, so that handling the message again after a failure can tell it was already answered.
     */
    public void answering(String messageId, Runnable work) {
        String outer = answering.get();
        answering.set(messageId);
        try {
            work.run();
        } finally {
            answering.set(outer);
        }
    }

    /** Whether a reply answers inbound message {@code messageId} (see {@link #answering}). */
    public boolean answered(String messageId) {
        return mongo.exists(query(where(ANSWERED_BY).is(messageId)), Message.class);
    }

    /** A private staff note on the conversation; never sent. */
    public Message note(String conversationId, String staffId, String text) {
        Conversation conversation = conversation(conversationId)
                .orElseThrow(() -> new IllegalArgumentException("No conversation " + conversationId));
        Instant now = now();
        var message = new Message(new ObjectId().toHexString(), conversation.id(), conversation.beneficiaryId(),
                Direction.NOTE, conversation.channel(), conversation.address(), null, null, text, List.of(),
                Author.staff(staffId), null, null, null, null, null, false, null, null, null, 0, null, null, now,
                null, null, null, null, 0, null, null, null);
        mongo.insert(message);
        events.publishEvent(MessageAdded.of(message));
        return message;
    }

    /**
     * The open conversation on {@code channel} with {@code address}, opened when there is none, e.g. to notify a
     * beneficiary by SMS who has only written on another channel. A phone links the address to its beneficiary.
     */
    public Conversation openConversation(ChannelType channel, String address, String phone) {
        Instant now = now();
        String beneficiaryId = resolveBeneficiary(channel, address, null, phone, null, now);
        return openConversation(beneficiaryId, channel, address, now);
    }

    // ---- conversation state --------------------------------------------------------------------------------

    /** Moves a conversation to {@code status}; resolving it closes it, so the next message opens a new one. */
    public Conversation changeStatus(String conversationId, ConversationStatus status, String assignee) {
        Instant now = now();
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
        events.publishEvent(new ConversationStatusChanged(conversationId, status, changed.assignee()));
        return changed;
    }

    // ---- reads ---------------------------------------------------------------------------------------------

    public Optional<Conversation> conversation(String id) {
        return Optional.ofNullable(mongo.findById(id, Conversation.class));
    }

    public Optional<Message> message(String id) {
        return Optional.ofNullable(mongo.findById(id, Message.class));
    }

    public Optional<Beneficiary> beneficiary(String id) {
        return Optional.ofNullable(mongo.findById(id, Beneficiary.class));
    }

    public Optional<Identity> identity(ChannelType channel, String address) {
        return Optional.ofNullable(mongo.findById(Identity.key(channel, address), Identity.class));
    }

    public List<Identity> identities(String beneficiaryId) {
        return mongo.find(query(where("beneficiaryId").is(beneficiaryId)), Identity.class);
    }

    /** A conversation's messages, notes included, oldest first. */
    public List<Message> messages(String conversationId) {
        return mongo.find(query(where("conversationId").is(conversationId))
                .with(Sort.by("createdAt", "_id")), Message.class);
    }

    public Optional<Beneficiary> beneficiaryByPhone(String phone) {
        return PhoneNumbers.toE164(phone, association.phoneRegions())
                .map(e164 -> mongo.findOne(query(where("phone").is(e164)), Beneficiary.class));
    }

    public Message findByExternalId(ChannelType channel, String externalId) {
        return mongo.findOne(query(where("externalKey").is(Message.externalKey(channel, externalId))), Message.class);
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

    // ---- internals -----------------------------------------------------------------------------------------

    private List<StoredAttachment> storeAttachments(String messageId, List<Attachment> attachments) {
        List<StoredAttachment> refs = new ArrayList<>();
        for (Attachment a : attachments) {
            ObjectId id = new ObjectId();
            mongo.insert(new org.bson.Document(Map.of("_id", id, "messageId", messageId, "fileName", a.fileName(),
                    "contentType", a.contentType(), "size", a.size(), "data", new Binary(a.content()))), ATTACHMENTS);
            refs.add(new StoredAttachment(id.toHexString(), a.fileName(), a.contentType(), a.size()));
        }
        return refs;
    }

    private static boolean phoneAddressed(ChannelType channel) {
        return channel == ChannelType.SMS || channel == ChannelType.WHATSAPP || channel == ChannelType.VOICE;
    }

    /**
     * The beneficiary behind a channel address, created on first contact. A phone the channel vouches for links
     * the address to the beneficiary who already has that phone, folding two records into one when needed.
     */
    String resolveBeneficiary(ChannelType channel, String address, String displayName, String rawPhone,
                              String language, Instant now) {
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
            createBeneficiary(candidateId, displayName, phone, language, now);
        } else if (phone != null && byPhone != null && !byPhone.id().equals(beneficiaryId)) {
            merge(beneficiaryId, byPhone.id());
            beneficiaryId = byPhone.id();
        } else if (phone != null && byPhone == null) {
            mongo.updateFirst(query(where("_id").is(beneficiaryId).and("phone").exists(false)),
                    new Update().set("phone", phone), Beneficiary.class);
        }
        return beneficiaryId;
    }

    private void createBeneficiary(String id, String name, String phone, String language, Instant now) {
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
        mongo.updateMulti(query(where("beneficiaryId").is(from)), repoint, Conversation.class);
        mongo.updateMulti(query(where("beneficiaryId").is(from)), repoint, Message.class);
        Beneficiary gone = mongo.findAndRemove(query(where("_id").is(from)), Beneficiary.class);
        if (gone != null && gone.name() != null) {
            mongo.updateFirst(query(where("_id").is(into).and("name").exists(false)),
                    new Update().set("name", gone.name()), Beneficiary.class);
        }
        events.publishEvent(new BeneficiariesMerged(from, into));
    }

    /**
     * The conversation an inbound message says it continues: the one holding a message it answers (e-mail
     * {@code In-Reply-To}/{@code References}, newest first), else one a {@link ConversationLocator} names (a case
     * reference). Only a conversation of the sender's own address is joined: a reference anyone can quote (case
     * numbers run in sequence) must not put a message into someone else's conversation. A resolved one is
     * reopened, as help desks reopen a solved ticket on a reply, so staff see the whole thread in one place;
     * when the address meanwhile has another open conversation, the message goes there as usual.
     */
    private Optional<Conversation> threadedConversation(InboundMessage in, Instant now) {
        String address = in.sender().address();
        if (!in.inReplyTo().isEmpty()) {
            List<String> keys = in.inReplyTo().stream().map(id -> Message.externalKey(in.channel(), id)).toList();
            List<Message> named = mongo.find(query(where("externalKey").in(keys).and("address").is(address)),
                    Message.class);
            for (String key : keys) {
                for (Message m : named) {
                    if (key.equals(m.externalKey())) {
                        return joinOrReopen(m.conversationId(), in.channel(), address, now);
                    }
                }
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
                return conversation(conversationId); // reopened meanwhile by another message
            }
            events.publishEvent(new ConversationStatusChanged(conversationId, ConversationStatus.BOT, null));
            return Optional.of(reopened);
        } catch (DuplicateKeyException anotherOpen) {
            return Optional.empty();
        }
    }

    /** The open conversation of an address, or a new one; the unique open key settles races. */
    private Conversation openConversation(String beneficiaryId, ChannelType channel, String address, Instant now) {
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

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** Millisecond precision, as the store keeps it, so what a method returns equals what is read back. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
