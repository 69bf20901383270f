package org.sila.conversation.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.sila.channel.Attachment;
import org.sila.channel.ChannelSendException;
import org.sila.channel.DeliveryStatus;
import org.sila.channel.OutboundMessage;
import org.sila.channel.OutboundRouter;
import org.sila.channel.SendResult;
import org.sila.conversation.Conversation;
import org.sila.conversation.ConversationEvents.MessageAdded;
import org.sila.conversation.ConversationEvents.MessageStatusChanged;
import org.sila.conversation.ConversationProperties;
import org.sila.conversation.ConversationService;
import org.sila.conversation.Direction;
import org.sila.conversation.Identity;
import org.sila.conversation.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * The outbox worker. Every outbound message is already stored {@code QUEUED}; this sends it through the outbound
 * router, in order within a conversation, and records what happened: {@code SENT}/{@code DELIVERED}, a retry
 * with exponential backoff, or {@code FAILED} with the provider's error. A sweep picks up what is due, also what
 * was queued before a restart.
 */
@Component
class OutboundDispatcher {

    private static final Logger log = LoggerFactory.getLogger(OutboundDispatcher.class);

    private final MongoTemplate mongo;
    private final OutboundRouter router;
    private final ConversationService conversations;
    private final ConversationProperties properties;
    private final ApplicationEventPublisher events;
    private final KeyedSerialRunner runner;
    private final Clock clock;

    OutboundDispatcher(MongoTemplate mongo, OutboundRouter router, ConversationService conversations,
                       ConversationProperties properties, ApplicationEventPublisher events,
                       @Qualifier("outboundWorkers") ThreadPoolTaskExecutor workers, Optional<Clock> clock) {
        this.mongo = mongo;
        this.router = router;
        this.conversations = conversations;
        this.properties = properties;
        this.events = events;
        this.runner = new KeyedSerialRunner(workers);
        this.clock = clock.orElse(Clock.systemUTC());
    }

    @EventListener
    void on(MessageAdded event) {
        if (event.direction() == Direction.OUT) {
            runner.submit(event.conversationId(), () -> drain(event.conversationId()));
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    void onStart() {
        sweep();
    }

    @Scheduled(fixedDelayString = "${sila.pipeline.poll-interval:1s}")
    void sweep() {
        Instant now = clock.instant();
        List<Message> due = mongo.find(query(where("status").is(DeliveryStatus.QUEUED).and("nextAttemptAt").lte(now))
                .with(Sort.by("nextAttemptAt")).limit(500), Message.class);
        Set<String> conversationIds = new LinkedHashSet<>();
        due.forEach(m -> conversationIds.add(m.conversationId()));
        conversationIds.forEach(id -> runner.submit(id, () -> drain(id)));
    }

    /** Sends a conversation's queued messages oldest first; a message waiting for its retry holds back later ones. */
    private void drain(String conversationId) {
        while (true) {
            Message head = mongo.findOne(query(where("conversationId").is(conversationId)
                    .and("status").is(DeliveryStatus.QUEUED)).with(Sort.by("createdAt", "_id")), Message.class);
            Instant now = clock.instant();
            if (head == null || head.nextAttemptAt().isAfter(now)) {
                return;
            }
            Message claimed = mongo.findAndModify(
                    query(where("_id").is(head.id()).and("status").is(DeliveryStatus.QUEUED)
                            .and("nextAttemptAt").lte(now)),
                    new Update().inc("attempts", 1).set("nextAttemptAt", now.plus(properties.lease())),
                    FindAndModifyOptions.options().returnNew(true), Message.class);
            if (claimed == null) {
                return; // another worker has it
            }
            send(claimed);
        }
    }

    private void send(Message message) {
        Conversation conversation = conversations.conversation(message.conversationId()).orElseThrow();
        Identity identity = conversations.identity(message.channel(), message.address()).orElse(null);
        if (identity != null && identity.unreachable()) {
            fail(message, "UNREACHABLE", "The beneficiary cannot be reached on " + message.channel()
                    + (identity.unreachableReason() == null ? "" : ": " + identity.unreachableReason()));
            return;
        }
        if (message.notification() && identity != null && identity.optedOut()) {
            fail(message, "OPTED_OUT", "The beneficiary opted out of notifications on " + message.channel());
            return;
        }
        try {
            SendResult result = router.send(toOutbound(message, conversation));
            Update update = new Update().set("status", result.status()).set("sentAt", clock.instant())
                    .unset("nextAttemptAt").unset("errorCode").unset("error");
            if (result.externalId() != null) {
                update.set("externalId", result.externalId())
                        .set("externalKey", Message.externalKey(message.channel(), result.externalId()));
            }
            if (result.status() == DeliveryStatus.DELIVERED) {
                update.set("deliveredAt", clock.instant());
            }
            result.details().forEach((k, v) -> update.set("details." + k, v));
            mongo.updateFirst(query(where("_id").is(message.id())), update, Message.class);
            events.publishEvent(new MessageStatusChanged(message.id(), message.conversationId(), result.status()));
        } catch (ChannelSendException e) {
            if (e.isRecipientUnreachable()) {
                mongo.updateFirst(query(where("_id").is(Identity.key(message.channel(), message.address()))),
                        new Update().set("unreachable", true).set("unreachableReason", e.getMessage()), Identity.class);
            }
            if (e.isRetryable() && message.attempts() < properties.maxAttempts()) {
                Duration wait = e.retryAfter() != null ? e.retryAfter() : properties.backoff(message.attempts());
                log.info("Send of {} on {} failed (try {}), retrying in {}: {}", message.id(), message.channel(),
                        message.attempts(), wait, e.getMessage());
                mongo.updateFirst(query(where("_id").is(message.id())), new Update()
                        .set("nextAttemptAt", clock.instant().plus(wait))
                        .set("errorCode", e.code()).set("error", e.getMessage()), Message.class);
            } else {
                fail(message, e.code(), e.getMessage());
            }
        }
    }

    private void fail(Message message, String code, String error) {
        log.warn("Message {} on {} failed after {} tries: {} {}", message.id(), message.channel(),
                message.attempts(), code, error);
        mongo.updateFirst(query(where("_id").is(message.id())), new Update().set("status", DeliveryStatus.FAILED)
                .unset("nextAttemptAt").set("errorCode", code).set("error", error), Message.class);
        events.publishEvent(new MessageStatusChanged(message.id(), message.conversationId(), DeliveryStatus.FAILED));
    }

    private static void copy(Map<String, String> from, String key, Map<String, String> to, String as) {
        if (from.get(key) != null) {
            to.putIfAbsent(as, from.get(key));
        }
    }

    private OutboundMessage toOutbound(Message message, Conversation conversation) {
        List<Message> latestInbound = mongo.find(query(where("conversationId").is(conversation.id())
                        .and("direction").is(Direction.IN)).with(Sort.by(Sort.Direction.DESC, "createdAt")).limit(10),
                Message.class);
        List<String> inReplyTo = latestInbound.stream().map(Message::externalId).toList();
        List<Attachment> attachments = message.attachments().stream()
                .map(a -> conversations.attachment(a.id()).orElseThrow()).toList();
        Map<String, String> metadata = new HashMap<>(message.details());
        metadata.put("author", message.author() == null ? "system" : message.author().label());
        if (message.intent() != null) {
            metadata.put("intent", message.intent());
        }
        metadata.put("createdAt", message.createdAt().toString());
        // E-mail answers "Re: <subject>" of the mail it replies to (and keeps a quoted case reference).
        latestInbound.stream().findFirst().ifPresent(latest -> {
            copy(latest.details(), "subject", metadata, "threadSubject");
            copy(latest.details(), "caseReference", metadata, "caseReference");
        });
        return new OutboundMessage(message.id(), message.channel(), message.address(), message.text(),
                message.quickReplies(), attachments, inReplyTo, conversation.lastInboundAt(),
                message.notification(), message.attempts(), metadata);
    }
}
