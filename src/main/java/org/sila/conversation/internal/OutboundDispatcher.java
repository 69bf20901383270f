package org.sila.conversation.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
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
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * The outbox worker. Every outbound message is already stored {@code QUEUED}; this sends it through the outbound
 * router, in order within a conversation, and records what happened: {@code SENT}/{@code DELIVERED}, a retry with
 * exponential backoff (a message waiting for its retry holds back the later ones of its conversation), or
 * {@code FAILED} with the provider's error. A sweep of the store picks up what was queued before a restart.
 */
@Component
class OutboundDispatcher {

    private static final Logger log = LoggerFactory.getLogger(OutboundDispatcher.class);

    private final MongoTemplate mongo;
    private final OutboundRouter router;
    private final ConversationService conversations;
    private final ConversationProperties properties;
    private final ApplicationEventPublisher events;
    private final ConversationQueues queues;
    private final Leases leases;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "outbound-retries");
        thread.setDaemon(true);
        return thread;
    });
    private final Clock clock;

    OutboundDispatcher(MongoTemplate mongo, OutboundRouter router, ConversationService conversations,
                       ConversationProperties properties, ApplicationEventPublisher events,
                       @Qualifier("outboundWorkers") ThreadPoolTaskExecutor workers, Leases leases,
                       Optional<Clock> clock) {
        this.mongo = mongo;
        this.router = router;
        this.conversations = conversations;
        this.properties = properties;
        this.events = events;
        this.queues = new ConversationQueues(workers, this::deliver);
        this.leases = leases;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    @PreDestroy
    void stop() {
        retries.shutdownNow();
    }

    @EventListener
    void on(MessageAdded event) {
        if (event.direction() == Direction.OUT) {
            queues.enqueue(event.conversationId(), event.messageId());
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    void onStart() {
        // A claimed message's nextAttemptAt is its lease's end, not a retry time: due now.
        WorkKeys.releaseAbandoned(mongo, leases, where("status").is(DeliveryStatus.QUEUED),
                new Update().unset("nextAttemptAt"));
        sweep();
    }

    @Scheduled(fixedDelayString = "${sila.pipeline.sweep-interval:30s}", initialDelayString = "${sila.pipeline.sweep-interval:30s}")
    void sweep() {
        Instant now = now();
        // A claimed message's next attempt is its lease's end.
        WorkKeys.requeue(mongo, queues, mongo.find(query(where("status").is(DeliveryStatus.QUEUED))
                        .with(Sort.by("createdAt", "_id")).limit(1000), Message.class),
                m -> m.nextAttemptAt() == null || !m.nextAttemptAt().isAfter(now));
    }

    /** @return false when the conversation must wait (this message is in backoff or held elsewhere) */
    private boolean deliver(String messageId) {
        Instant now = now();
        Message before = WorkKeys.claim(mongo, messageId,
                leases.signed(new Update().inc("attempts", 1).set("nextAttemptAt", now.plus(properties.lease()))));
        if (before == null) {
            Message message = mongo.findById(messageId, Message.class);
            if (message == null || message.status() != DeliveryStatus.QUEUED) {
                return true; // sent or failed already
            }
            // Another hub instance is sending it: look again once its lease could have run out.
            wakeAt(message.conversationId(), now.plus(properties.lease()));
            return false;
        }
        if (before.nextAttemptAt() != null && before.nextAttemptAt().isAfter(now)) {
            // Still waiting for its retry: give it back as it was.
            WorkKeys.release(mongo, messageId, new Update().set("attempts", before.attempts())
                    .set("nextAttemptAt", before.nextAttemptAt()));
            wakeAt(before.conversationId(), before.nextAttemptAt());
            return false;
        }
        return send(before, before.attempts() + 1);
    }

    private boolean send(Message message, int attempt) {
        Conversation conversation = conversations.conversation(message.conversationId()).orElseThrow();
        Identity identity = conversations.identity(message.channel(), message.address()).orElse(null);
        if (identity != null && identity.unreachable()) {
            fail(message, attempt, "UNREACHABLE", "The beneficiary cannot be reached on " + message.channel()
                    + (identity.unreachableReason() == null ? "" : ": " + identity.unreachableReason()));
            return true;
        }
        if (message.notification() && identity != null && identity.optedOut()) {
            fail(message, attempt, "OPTED_OUT", "The beneficiary opted out of notifications on " + message.channel());
            return true;
        }
        try {
            SendResult result = router.send(toOutbound(message, attempt, conversation));
            try {
                mongo.updateFirst(query(where("_id").is(message.id())), sent(message, result, true), Message.class);
            } catch (DuplicateKeyException echoedFirst) {
                // The provider's echo of this very message was recorded before its answer came: keep the send.
                mongo.updateFirst(query(where("_id").is(message.id())), sent(message, result, false), Message.class);
            }
            events.publishEvent(new MessageStatusChanged(message.id(), message.conversationId(), result.status()));
            return true;
        } catch (ChannelSendException e) {
            if (e.isRecipientUnreachable()) {
                mongo.updateFirst(query(where("_id").is(Identity.key(message.channel(), message.address()))),
                        new Update().set("unreachable", true).set("unreachableReason", e.getMessage()), Identity.class);
            }
            if (!e.isRetryable() || attempt >= properties.maxAttempts()) {
                fail(message, attempt, e.code(), e.getMessage());
                return true;
            }
            Duration wait = e.retryAfter() != null ? e.retryAfter() : properties.backoff(attempt);
            Instant next = now().plus(wait);
            log.info("Send of {} on {} failed (try {}), retrying in {}: {}", message.id(), message.channel(),
                    attempt, wait, e.getMessage());
            WorkKeys.release(mongo, message.id(), new Update().set("nextAttemptAt", next)
                    .set("errorCode", e.code()).set("error", e.getMessage()));
            wakeAt(message.conversationId(), next);
            return false;
        }
    }

    private Update sent(Message message, SendResult result, boolean withExternalKey) {
        Update update = new Update().set("status", result.status()).set("sentAt", now())
                .unset("nextAttemptAt").unset("errorCode").unset("error");
        if (result.externalId() != null) {
            update.set("externalId", result.externalId());
            if (withExternalKey) {
                update.set("externalKey", Message.externalKey(message.channel(), result.externalId()));
            }
        }
        if (result.status() == DeliveryStatus.DELIVERED) {
            update.set("deliveredAt", now());
        }
        result.details().forEach((k, v) -> update.set("details." + k, v));
        return update;
    }

    private void wakeAt(String conversationId, Instant at) {
        long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis());
        retries.schedule(() -> queues.wake(conversationId), delay, TimeUnit.MILLISECONDS);
    }

    private void fail(Message message, int attempt, String code, String error) {
        log.warn("Message {} on {} failed after {} tries: {} {}", message.id(), message.channel(), attempt, code,
                error);
        mongo.updateFirst(query(where("_id").is(message.id())), new Update().set("status", DeliveryStatus.FAILED)
                .unset("nextAttemptAt").set("errorCode", code).set("error", error), Message.class);
        events.publishEvent(new MessageStatusChanged(message.id(), message.conversationId(), DeliveryStatus.FAILED));
    }

    private static void copy(Map<String, String> from, String key, Map<String, String> to, String as) {
        if (from.get(key) != null) {
            to.putIfAbsent(as, from.get(key));
        }
    }

    private OutboundMessage toOutbound(Message message, int attempt, Conversation conversation) {
        // The thread, newest first: the latest inbound message and the ids it answered itself. Found by its unique
        // provider id, as the embedded store would scan the collection for "latest of the conversation".
        Message latest = conversation.lastInboundExternalId() == null ? null
                : conversations.findByExternalId(conversation.channel(), conversation.lastInboundExternalId());
        List<String> inReplyTo = new ArrayList<>();
        if (latest != null) {
            inReplyTo.add(latest.externalId());
            if (latest.inReplyTo() != null) {
                inReplyTo.addAll(latest.inReplyTo());
            }
        }
        List<Attachment> attachments = message.attachments().stream()
                .map(a -> conversations.attachment(a.id()).orElseThrow()).toList();
        Map<String, String> metadata = new HashMap<>(message.details());
        metadata.put("author", message.author() == null ? "system" : message.author().label());
        if (message.intent() != null) {
            metadata.put("intent", message.intent());
        }
        metadata.put("createdAt", message.createdAt().toString());
        // E-mail answers "Re: <subject>" of the mail it replies to (and keeps a quoted case reference).
        if (latest != null) {
            copy(latest.details(), "subject", metadata, "threadSubject");
            copy(latest.details(), "caseReference", metadata, "caseReference");
        }
        return new OutboundMessage(message.id(), message.channel(), message.address(), message.text(),
                message.quickReplies(), attachments, inReplyTo, conversation.lastInboundAt(),
                message.notification(), attempt, metadata);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
