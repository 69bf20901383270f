package org.sila.conversation.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.sila.conversation.Conversation;
import org.sila.conversation.ConversationEvents.MessageReceived;
import org.sila.conversation.ConversationProperties;
import org.sila.conversation.ConversationService;
import org.sila.conversation.Direction;
import org.sila.conversation.InboundResponder;
import org.sila.conversation.Message;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
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
 */
@Component
class InboundProcessor {

    private final MongoTemplate mongo;
    private final ConversationService conversations;
    private final List<InboundResponder> responders;
    private final ConversationProperties properties;
    private final KeyedSerialRunner runner;
    private final Clock clock;

    InboundProcessor(MongoTemplate mongo, ConversationService conversations, List<InboundResponder> responders,
                     ConversationProperties properties,
                     @Qualifier("inboundWorkers") ThreadPoolTaskExecutor workers, Optional<Clock> clock) {
        this.mongo = mongo;
        this.conversations = conversations;
        this.responders = responders;
        this.properties = properties;
        this.runner = new KeyedSerialRunner(workers);
        this.clock = clock.orElse(Clock.systemUTC());
    }

    @EventListener
    void on(MessageReceived event) {
        runner.submit(event.conversationId(), () -> drain(event.conversationId()));
    }

    @EventListener(ApplicationReadyEvent.class)
    void onStart() {
        sweep();
    }

    @Scheduled(fixedDelayString = "${sila.pipeline.poll-interval:1s}")
    void sweep() {
        List<Message> pending = mongo.find(query(unhandled(clock.instant())).with(Sort.by("createdAt")).limit(500),
                Message.class);
        Set<String> conversationIds = new LinkedHashSet<>();
        pending.forEach(m -> conversationIds.add(m.conversationId()));
        conversationIds.forEach(id -> runner.submit(id, () -> drain(id)));
    }

    private void drain(String conversationId) {
        while (true) {
            Instant now = clock.instant();
            Message head = mongo.findOne(query(where("conversationId").is(conversationId).and("direction")
                    .is(Direction.IN).and("handledAt").exists(false)).with(Sort.by("createdAt", "_id")), Message.class);
            if (head == null || (head.leaseUntil() != null && head.leaseUntil().isAfter(now))) {
                return;
            }
            Message claimed = mongo.findAndModify(query(new Criteria().andOperator(where("_id").is(head.id()),
                            unhandled(now))),
                    new Update().set("leaseUntil", now.plus(properties.lease())),
                    FindAndModifyOptions.options().returnNew(true), Message.class);
            if (claimed == null) {
                return;
            }
            Conversation conversation = conversations.conversation(conversationId).orElseThrow();
            if (!claimed.channel().isLoggedByStaff()) { // a visit or letter staff logged is nothing to answer
                for (InboundResponder responder : responders) {
                    responder.respond(claimed, conversation);
                }
            }
            mongo.updateFirst(query(where("_id").is(claimed.id())),
                    new Update().set("handledAt", clock.instant()).unset("leaseUntil"), Message.class);
        }
    }

    private static Criteria unhandled(Instant now) {
        return where("direction").is(Direction.IN).and("handledAt").exists(false)
                .orOperator(where("leaseUntil").exists(false), where("leaseUntil").lte(now));
    }
}
