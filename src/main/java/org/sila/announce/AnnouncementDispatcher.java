package org.sila.announce;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.sila.announce.Recipient.State;
import org.sila.association.Language;
import org.sila.channel.ChannelType;
import org.sila.channel.DeliveryStatus;
import org.sila.conversation.Author;
import org.sila.conversation.Beneficiary;
import org.sila.conversation.Conversation;
import org.sila.conversation.ConversationEvents.MessageStatusChanged;
import org.sila.conversation.ConversationQueries;
import org.sila.conversation.ConversationService;
import org.sila.conversation.Identity;
import org.sila.conversation.Message;
import org.sila.conversation.Reply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * Hands announcements to the outbox, a batch of recipients per tick, each on the channel they last wrote on (the
 * channel the audience names, if it names one), else by SMS. Opted-out addresses are skipped and counted, as are
 * beneficiaries with nowhere to send. A copy refused for a closed messaging window or an unreachable address goes
 * by SMS once. Every step is recorded on the recipient first, and a recipient taken over from a worker that died
 * is checked for a copy already queued: nobody gets an announcement twice, across restarts.
 */
@Component
class AnnouncementDispatcher {

    private static final Logger log = LoggerFactory.getLogger(AnnouncementDispatcher.class);
    static final String KIND = "kind";
    static final String ANNOUNCEMENT = "announcementId";
    private static final Set<String> FALL_BACK_ON = Set.of("OUTSIDE_WINDOW", "UNREACHABLE");

    private final MongoTemplate mongo;
    private final ConversationService conversations;
    private final ConversationQueries queries;
    private final AnnounceProperties properties;
    private final Clock clock;

    AnnouncementDispatcher(MongoTemplate mongo, ConversationService conversations, ConversationQueries queries,
                           AnnounceProperties properties, Optional<Clock> clock) {
        this.mongo = mongo;
        this.conversations = conversations;
        this.queries = queries;
        this.properties = properties;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    /** First a while after the start, as the hub's other sweeps: a hub stopped at once is not caught mid-query. */
    @Scheduled(fixedDelayString = "${sila.announce.interval:1s}",
            initialDelayString = "${sila.announce.initial-delay:10s}")
    void tick() {
        for (Announcement a : mongo.find(query(where("status").is(Announcement.Status.SENDING)), Announcement.class)) {
            try {
                batch(a);
            } catch (RuntimeException e) {
                log.warn("Announcement {}: batch stopped, resumed at the next tick: {}", a.id(), e.toString());
            }
        }
    }

    /** Up to a batch of this announcement's recipients; marks it all queued once none is left. */
    void batch(Announcement a) {
        for (int i = 0; i < properties.batch(); i++) {
            Recipient r = claim(query(where("waiting").is(a.id())));
            boolean retaken = false;
            if (r == null) {
                r = claim(query(where("announcementId").is(a.id()).and("state").is(State.CLAIMED)
                        .and("leaseUntil").lt(now())));
                retaken = r != null;
            }
            if (r == null) {
                break;
            }
            deliver(a, r, retaken);
        }
        if (!mongo.exists(query(where("waiting").is(a.id())), Recipient.class)
                && !mongo.exists(query(where("announcementId").is(a.id()).and("state").is(State.CLAIMED)),
                Recipient.class)) {
            mongo.updateFirst(query(where("_id").is(a.id()).and("status").is(Announcement.Status.SENDING)),
                    new Update().set("status", Announcement.Status.QUEUED_ALL).set("finishedAt", now()),
                    Announcement.class);
        }
    }

    /** A recipient to work on, leased to this worker: a waiting one, or one whose worker died (its lease ran out). */
    private Recipient claim(Query which) {
        Instant now = now();
        Update take = new Update().set("state", State.CLAIMED).unset("waiting")
                .set("leaseUntil", now.plus(properties.lease())).set("updatedAt", now);
        return mongo.findAndModify(which, take, FindAndModifyOptions.options().returnNew(true), Recipient.class);
    }

    private void deliver(Announcement a, Recipient r, boolean retaken) {
        // Its worker died, perhaps after queuing this copy and before recording it: record it, do not send it again.
        Optional<Message> queued = !retaken ? Optional.empty() : queries.historyOf(r.beneficiaryId()).stream()
                .filter(m -> a.id().equals(m.details().get(ANNOUNCEMENT))).findFirst();
        if (queued.isPresent()) {
            queuedOn(r, queued.get());
            return;
        }
        Beneficiary b = conversations.beneficiary(r.beneficiaryId()).orElse(null);
        if (b == null) {
            end(r, State.SKIPPED, "NO_ADDRESS");
            return;
        }
        String text = a.text().in(Language.of(b.language()));
        Optional<Conversation> own = queries.conversationsOf(b.id()).stream()
                .filter(c -> !c.channel().isLoggedByStaff())
                .filter(c -> a.audience().channels().isEmpty() || a.audience().channels().contains(c.channel()))
                .findFirst();
        if (own.isPresent() && !unreachable(own.get())) {
            if (optedOut(own.get().channel(), own.get().address())) {
                end(r, State.SKIPPED, "OPTED_OUT");
                return;
            }
            queuedOn(r, conversations.reply(own.get().id(), copy(text, a)));
            return;
        }
        String refusal = smsRefusal(b);
        if (refusal != null) {
            end(r, State.SKIPPED, refusal);
            return;
        }
        Conversation sms = conversations.openConversation(ChannelType.SMS, b.phone(), b.phone());
        queuedOn(r, conversations.reply(sms.id(), copy(text, a)));
    }

    /** Why this beneficiary cannot have an SMS, or null. */
    private String smsRefusal(Beneficiary b) {
        if (b.phone() == null || b.phone().isBlank()) {
            return "NO_ADDRESS";
        }
        return optedOut(ChannelType.SMS, b.phone()) ? "OPTED_OUT" : null;
    }

    private boolean optedOut(ChannelType channel, String address) {
        return conversations.identity(channel, address).map(Identity::optedOut).orElse(false);
    }

    private boolean unreachable(Conversation c) {
        return conversations.identity(c.channel(), c.address()).map(Identity::unreachable).orElse(false);
    }

    /** A copy's delivery moves its recipient on; a copy refused for a closed window or a dead address goes by SMS. */
    @EventListener
    void on(MessageStatusChanged changed) {
        if (!changed.notification()) {
            return; // answers and staff replies: never an announcement's copy
        }
        Recipient r = mongo.findOne(query(where("messageId").is(changed.messageId())), Recipient.class);
        if (r == null) {
            r = mongo.findOne(query(where("fallbackMessageId").is(changed.messageId())), Recipient.class);
        }
        if (r != null) {
            apply(r, changed.messageId(), changed.status());
        }
    }

    private void apply(Recipient r, String messageId, DeliveryStatus status) {
        switch (status) {
            case SENT -> advance(r, State.SENT, Set.of(State.QUEUED));
            case DELIVERED, READ -> advance(r, State.DELIVERED, Set.of(State.QUEUED, State.SENT));
            case FAILED -> failed(r, messageId);
            default -> {
            }
        }
    }

    private void failed(Recipient r, String messageId) {
        Message message = conversations.message(messageId).orElse(null);
        String code = message == null || message.errorCode() == null ? "FAILED" : message.errorCode();
        // the listener and the worker's catch-up may both see one failure: the first to mark it handles it
        Recipient handled = mongo.findAndModify(query(where("_id").is(r.id()).and("failureOf").ne(messageId)),
                new Update().set("failureOf", messageId), Recipient.class);
        if (handled == null) {
            return;
        }
        Beneficiary b = conversations.beneficiary(r.beneficiaryId()).orElse(null);
        if (messageId.equals(r.messageId()) && message != null && message.channel() != ChannelType.SMS
                && FALL_BACK_ON.contains(code) && b != null && smsRefusal(b) == null) {
            Announcement a = mongo.findById(r.announcementId(), Announcement.class);
            Conversation sms = conversations.openConversation(ChannelType.SMS, b.phone(), b.phone());
            Message copy = conversations.reply(sms.id(), copy(a.text().in(Language.of(b.language())), a));
            mongo.updateFirst(query(where("_id").is(r.id())), new Update().set("state", State.QUEUED)
                    .set("fallbackMessageId", copy.id()).set("channel", ChannelType.SMS).set("updatedAt", now()),
                    Recipient.class);
            caughtUp(r.id(), copy.id());
            return;
        }
        end(r, State.FAILED, code);
    }

    private void advance(Recipient r, State to, Set<State> from) {
        mongo.updateFirst(query(where("_id").is(r.id()).and("state").in(from)),
                new Update().set("state", to).set("updatedAt", now()), Recipient.class);
    }

    private void queuedOn(Recipient r, Message copy) {
        mongo.updateFirst(query(where("_id").is(r.id()).and("state").is(State.CLAIMED)),
                new Update().set("state", State.QUEUED).set("messageId", copy.id()).set("channel", copy.channel())
                        .unset("leaseUntil").set("updatedAt", now()), Recipient.class);
        caughtUp(r.id(), copy.id());
    }

    /**
     * The outbox may have sent (or failed) the copy before its id was on the recipient, when no listener could
     * find it: apply where the copy stands now.
     */
    private void caughtUp(String recipientId, String messageId) {
        Recipient r = mongo.findById(recipientId, Recipient.class);
        conversations.message(messageId).ifPresent(m -> apply(r, messageId, m.status()));
    }

    private void end(Recipient r, State state, String reason) {
        mongo.updateFirst(query(where("_id").is(r.id())), new Update().set("state", state).set("reason", reason)
                .unset("leaseUntil").set("updatedAt", now()), Recipient.class);
    }

    private static Reply copy(String text, Announcement a) {
        return new Reply(text, null, Author.SYSTEM, "announcement", null, true,
                Map.of(KIND, "announcement", ANNOUNCEMENT, a.id()));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
