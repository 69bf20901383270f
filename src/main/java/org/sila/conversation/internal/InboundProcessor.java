package org.sila.conversation.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import org.sila.conversation.Conversation;
import org.sila.conversation.ConversationEvents.MessageReceived;
import org.sila.conversation.ConversationProperties;
import org.sila.conversation.ConversationService;
import org.sila.conversation.ConversationStatus;
import org.sila.conversation.Direction;
import org.sila.conversation.InboundResponder;
import org.sila.conversation.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * Hands each stored inbound message to the rules layer once, in order within its conversation, and marks it
 * handled. Messages stored but not handled when the hub stopped are taken up by the sweep at the next start.
 * A message the rules layer fails on three times is given to staff rather than blocking the conversation.
 */
@Component
class InboundProcessor {

    private static final Logger log = LoggerFactory.getLogger(InboundProcessor.class);
    static final int MAX_HANDLING_ATTEMPTS = 3;

    private final MongoTemplate mongo;
    private final ConversationService conversations;
    private final List<InboundResponder> responders;
    private final ConversationProperties properties;
    private final ConversationQueues queues;
    private final Leases leases;
    private final Clock clock;

    InboundProcessor(MongoTemplate mongo, ConversationService conversations, List<InboundResponder> responders,
                     ConversationProperties properties,
                     @Qualifier("inboundWorkers") ThreadPoolTaskExecutor workers, Leases leases,
                     Optional<Clock> clock) {
        this.mongo = mongo;
        this.conversations = conversations;
        this.responders = responders;
        this.properties = properties;
        this.queues = new ConversationQueues(workers, this::handle);
        this.leases = leases;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    @EventListener
    void on(MessageReceived event) {
        queues.enqueue(event.conversationId(), event.messageId());
    }

    @EventListener(ApplicationReadyEvent.class)
    void onStart() {
        WorkKeys.releaseAbandoned(mongo, leases, where("direction").is(Direction.IN).and("handledAt").exists(false),
                new Update().unset("leaseUntil"));
        sweep();
    }

    @Scheduled(fixedDelayString = "${sila.pipeline.sweep-interval:30s}", initialDelayString = "${sila.pipeline.sweep-interval:30s}")
    void sweep() {
        // The query already leaves out messages whose worker still holds a lease.
        WorkKeys.requeue(mongo, queues, mongo.find(query(unhandled(now())).with(Sort.by("createdAt", "_id"))
                .limit(1000), Message.class), m -> true);
    }

    private boolean handle(String messageId) {
        Instant now = now();
        Message claimed = WorkKeys.claim(mongo, messageId, leases.signed(new Update()
                .set("leaseUntil", now.plus(properties.lease())).inc("handlingAttempts", 1)));
        if (claimed == null) {
            return true; // handled already, or another hub instance holds it
        }
        int attempt = claimed.handlingAttempts() + 1;
        Conversation conversation = conversations.conversation(claimed.conversationId()).orElseThrow();
        try {
            // An earlier attempt that answered and then failed (before marking the message handled) must not
            // make the beneficiary read the answer twice.
            if (attempt > 1 && conversations.answered(claimed.id())) {
                log.info("Message {} was answered by an earlier attempt; it is not answered again", messageId);
            } else {
                conversations.answering(claimed.id(), () -> respond(claimed, conversation));
            }
        } catch (RuntimeException e) {
            if (attempt < MAX_HANDLING_ATTEMPTS) {
                WorkKeys.release(mongo, claimed.id(), new Update().unset("leaseUntil"));
                throw e;
            }
            log.error("The rules layer failed {} times on message {}; handing it to staff", MAX_HANDLING_ATTEMPTS,
                    messageId, e);
            conversations.changeStatus(conversation.id(), ConversationStatus.WAITING, null);
        }
        mongo.updateFirst(query(where("_id").is(claimed.id())),
                new Update().set("handledAt", now()).unset("leaseUntil"), Message.class);
        return true;
    }

    private void respond(Message message, Conversation conversation) {
        if (message.channel().isLoggedByStaff()) {
            return; // a visit or letter staff logged is nothing to answer
        }
        for (InboundResponder responder : responders) {
            if (responder.respond(message, conversation)) {
                return;
            }
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static Criteria unhandled(Instant now) {
        return where("direction").is(Direction.IN).and("handledAt").exists(false)
                .orOperator(where("leaseUntil").exists(false), where("leaseUntil").lte(now));
    }
}
