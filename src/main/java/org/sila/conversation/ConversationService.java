package org.sila.conversation;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import org.bson.types.ObjectId;
import org.sila.channel.AssociationFacts;
import org.sila.channel.Attachment;
import org.sila.channel.ChannelType;
import org.sila.channel.PhoneNumbers;
import org.sila.conversation.ConversationEvents.MessageAdded;
import org.sila.conversation.internal.BeneficiaryResolver;
import org.sila.conversation.internal.ConversationThreads;
import org.sila.conversation.internal.MessageStore;
import org.sila.conversation.internal.OutboundDispatcher;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * What the other modules do with conversations: say something to a beneficiary (an answer to what they wrote, a
 * staff reply, a notification), leave a note, move a conversation on, and read. Inbound messages come in through
 * {@link org.sila.channel.InboundGateway}; the work behind both lives in {@code conversation.internal}.
 */
@Service
public class ConversationService {

    private final MongoTemplate mongo;
    private final MessageStore messages;
    private final ConversationThreads threads;
    private final BeneficiaryResolver beneficiaries;
    private final OutboundDispatcher outbox;
    private final ApplicationEventPublisher events;
    /** The profile's phone regions, read through the port the adapters use. */
    private final AssociationFacts association;
    private final Clock clock;

    ConversationService(MongoTemplate mongo, MessageStore messages, ConversationThreads threads,
                        BeneficiaryResolver beneficiaries, OutboundDispatcher outbox,
                        ApplicationEventPublisher events, AssociationFacts association, Optional<Clock> clock) {
        this.mongo = mongo;
        this.messages = messages;
        this.threads = threads;
        this.beneficiaries = beneficiaries;
        this.outbox = outbox;
        this.events = events;
        this.association = association;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    // ---- saying something ----------------------------------------------------------------------------------

    /**
     * Answers inbound message {@code inbound}: the reply is stored {@code QUEUED} in its conversation, linked to it
     * (handling the message again after a failure will not answer it twice) and threaded under it.
     */
    public Message answer(Message inbound, Reply reply) {
        if (inbound.direction() != Direction.IN) {
            throw new IllegalArgumentException("Only an inbound message is answered: " + inbound.id());
        }
        return outbox.queue(inbound.route(), reply, inbound);
    }

    /** Stores a reply {@code QUEUED} on the conversation's channel (a staff reply, a notification); the outbox sends it. */
    public Message reply(String conversationId, Reply reply) {
        Conversation conversation = conversation(conversationId)
                .orElseThrow(() -> new IllegalArgumentException("No conversation " + conversationId));
        return outbox.queue(Message.Route.of(conversation), reply, null);
    }

    /**
     * A staff reply with files: the files are stored first, then the reply {@code QUEUED} with them, so the outbox
     * never sends a reply whose file is not in the store.
     */
    public Message reply(String conversationId, Reply reply, List<Attachment> files) {
        if (files.isEmpty()) {
            return reply(conversationId, reply);
        }
        Conversation conversation = conversation(conversationId)
                .orElseThrow(() -> new IllegalArgumentException("No conversation " + conversationId));
        return outbox.queue(Message.Route.of(conversation), reply, null, files);
    }

    /** A private staff note on the conversation; never sent. */
    public Message note(String conversationId, String staffId, String text) {
        Conversation conversation = conversation(conversationId)
                .orElseThrow(() -> new IllegalArgumentException("No conversation " + conversationId));
        Message note = Message.note(new ObjectId().toHexString(), Message.Route.of(conversation), staffId, text, now());
        messages.insert(note);
        events.publishEvent(MessageAdded.of(note));
        return note;
    }

    /**
     * The open conversation on {@code channel} with {@code address}, opened when there is none, e.g. to notify a
     * beneficiary by SMS who has only written on another channel. A phone links the address to its beneficiary.
     */
    public Conversation openConversation(ChannelType channel, String address, String phone) {
        Instant now = now();
        String beneficiaryId = beneficiaries.resolve(channel, address, null, phone, null, now);
        return threads.open(beneficiaryId, channel, address, now);
    }

    /** Moves a conversation to {@code status}; resolving it closes it, so the next message opens a new one. */
    public Conversation changeStatus(String conversationId, ConversationStatus status, String assignee) {
        return threads.changeStatus(conversationId, status, assignee, now());
    }

    // ---- reads ---------------------------------------------------------------------------------------------

    public Optional<Conversation> conversation(String id) {
        return threads.byId(id);
    }

    public Optional<Message> message(String id) {
        return messages.byId(id);
    }

    public Optional<Beneficiary> beneficiary(String id) {
        return Optional.ofNullable(mongo.findById(id, Beneficiary.class));
    }

    public Optional<Identity> identity(ChannelType channel, String address) {
        return beneficiaries.identity(channel, address);
    }

    public List<Identity> identities(String beneficiaryId) {
        return mongo.find(query(where("beneficiaryId").is(beneficiaryId)), Identity.class);
    }

    /** A conversation's messages, notes included, oldest first. */
    public List<Message> messages(String conversationId) {
        return messages.ofConversation(conversationId);
    }

    public Optional<Beneficiary> beneficiaryByPhone(String phone) {
        return PhoneNumbers.toE164(phone, association.phoneRegions())
                .map(e164 -> mongo.findOne(query(where("phone").is(e164)), Beneficiary.class));
    }

    public Message findByExternalId(ChannelType channel, String externalId) {
        return messages.byExternalId(channel, externalId);
    }

    /** The bytes of a stored attachment. */
    public Optional<Attachment> attachment(String attachmentId) {
        return messages.attachment(attachmentId);
    }

    /** Millisecond precision, as the store keeps it, so what a method returns equals what is read back. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
