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
import org.bson.types.ObjectId;
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
import org.sila.conversation.Identity;
import org.sila.conversation.Message;
import org.sila.conversation.Reply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * The outbox. A reply is stored {@code QUEUED}, claimed for this run, before anything is sent; this then sends it
 * through the outbound router, in order within a conversation, and records what happened: {@code SENT} or
 * {@code DELIVERED}, a retry with exponential backoff (a message waiting for its retry holds back the later ones
 * of its conversation, also when other instances hold them), or {@code FAILED} with the provider's error. A reply
 * that answers an inbound message is sent with what the hub had in hand (the thread it answers), without reading
 * anything back. A sweep of the store picks up what was queued before a restart.
 */
@Component
public class OutboundDispatcher {

    private static final Logger log = LoggerFactory.getLogger(OutboundDispatcher.class);

    /** A stored reply and what its sender needs, as the hub had them when it stored the reply. */
    record Outgoing(Message message, OutboundMessage toSend) {
    }

    private final MessageStore messages;
    private final OutboundRouter router;
    private final ConversationThreads threads;
    private final BeneficiaryResolver beneficiaries;
    private final ConversationProperties properties;
    private final ApplicationEventPublisher events;
    private final ConversationQueues<Outgoing> queues;
    private final Leases leases;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "outbound-retries");
        thread.setDaemon(true);
        return thread;
    });
    private final Clock clock;

    OutboundDispatcher(MessageStore messages, OutboundRouter router,
                       ConversationThreads threads, BeneficiaryResolver beneficiaries,
                       ConversationProperties properties, ApplicationEventPublisher events,
                       @Qualifier("outboundWorkers") ThreadPoolTaskExecutor workers, Leases leases,
                       Optional<Clock> clock) {
        this.messages = messages;
        this.router = router;
        this.threads = threads;
        this.beneficiaries = beneficiaries;
        this.properties = properties;
        this.events = events;
        this.queues = new ConversationQueues<>(workers, this::deliver);
        this.leases = leases;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    @PreDestroy
    void stop() {
        retries.shutdownNow();
    }

    /**
     * Stores {@code reply} {@code QUEUED} in the conversation of {@code route} and queues it for sending.
     *
     * @param answering the inbound message it answers, or null (a staff reply, a notification): an answer is linked
     *                  to that message and threaded under it
     */
    public Message queue(Message.Route route, Reply reply, Message answering) {
        return queue(route, reply, answering, List.of());
    }

    /**
     * As {@link #queue(Message.Route, Reply, Message)}, with files (a staff member's decision letter): stored under
     * the reply's id before the reply, so the outbox never sends a reply whose file is not in the store, and erasing
     * the reply's person erases them too.
     */
    public Message queue(Message.Route route, Reply reply, Message answering, List<Attachment> files) {
        Instant now = now();
        String id = new ObjectId().toHexString();
        if (!files.isEmpty()) {
            reply = reply.withAttachments(messages.storeAttachments(id, files));
        }
        Message message = Message.outbound(id, route, reply, answering == null ? null : answering.id(), now,
                leases.claim(now));
        messages.insert(message);
        if (answering == null) {
            // An answer's conversation moves once, when its inbound message is handled.
            threads.outboundAdded(route.conversationId(), now);
        }
        events.publishEvent(MessageAdded.of(message));
        OutboundMessage toSend = answering == null ? null : toOutbound(message, 1, answering, answering.createdAt());
        queues.enqueue(message.conversationId(), message.id(), new Outgoing(message, toSend));
        return message;
    }

    @EventListener(ApplicationReadyEvent.class)
    void onStart() {
        sweep();
    }

    @Scheduled(fixedDelayString = "${sila.pipeline.sweep-interval:30s}", initialDelayString = "${sila.pipeline.sweep-interval:30s}")
    void sweep() {
        // A claimed message's nextAttemptAt is its lease's end, not a retry time: due now.
        leases.takeBackAbandoned(MessageStore.Unfinished.OUTBOUND, new Update().unset(MessageStore.NEXT_ATTEMPT_AT));
        Instant now = now();
        // A claimed message's next attempt is its lease's end.
        leases.requeue(messages.queued(1000), m -> m.nextAttemptAt() == null || !m.nextAttemptAt().isAfter(now),
                queues);
    }

    /** @return false when the conversation must wait (this message is in backoff or held elsewhere) */
    private boolean deliver(String messageId, Outgoing inHand) {
        Instant now = now();
        if (inHand != null && leases.stillHeld(inHand.message().nextAttemptAt(), now)) {
            return outOfTurn(inHand.message()) || send(inHand.message(), 1, inHand.toSend());
        }
        Message before = messages.claimForSending(messageId, leases.claim(now));
        if (before == null) {
            Message message = messages.byId(messageId).orElse(null);
            if (message == null || message.status() != DeliveryStatus.QUEUED) {
                return true; // sent or failed already
            }
            Instant due = message.nextAttemptAt() != null && message.nextAttemptAt().isAfter(now)
                    ? message.nextAttemptAt() : now;
            if (message.workKey() != null) {
                // Offered again since the claim missed it: another instance held it a moment and gave it back (not
                // its turn yet). Look again when it is due, not after a lease: the later replies waiting behind it
                // here are claimed by this run, so no sweep would take them up meanwhile.
                wakeAt(message.conversationId(), due);
                return false;
            }
            if (leases.heldByAnotherAlive(message)) {
                // Another instance took it up (a retry it found due first) and sends it: it is that one's now. The
                // later messages of the conversation wait for it in the store (outOfTurn), not a lease here.
                return true;
            }
            // This run holds it from an attempt cut short, or a run now gone does: the conversation waits until
            // the sweep may offer it again.
            wakeAt(message.conversationId(), due.isAfter(now) ? due : now.plus(properties.lease()));
            return false;
        }
        if (before.status() != DeliveryStatus.QUEUED) {
            return true; // sent or failed meanwhile: offered again from an old reading of the store
        }
        if (before.nextAttemptAt() != null && before.nextAttemptAt().isAfter(now)) {
            // Still waiting for its retry: give it back as it was.
            messages.putBack(before);
            wakeAt(before.conversationId(), before.nextAttemptAt());
            return false;
        }
        if (outOfTurn(before)) {
            return true;
        }
        return send(before, before.attempts() + 1, null);
    }

    /** @param prepared what to hand the sender, when the hub had it in hand; else it is made from the store */
    private boolean send(Message message, int attempt, OutboundMessage prepared) {
        if (prepared == null) {
            Identity identity = beneficiaries.identity(message.channel(), message.address()).orElse(null);
            if (identity != null && identity.unreachable()) {
                fail(message, attempt, "UNREACHABLE", "The beneficiary cannot be reached on " + message.channel()
                        + (identity.unreachableReason() == null ? "" : ": " + identity.unreachableReason()));
                return true;
            }
            if (message.notification() && identity != null && identity.optedOut()) {
                fail(message, attempt, "OPTED_OUT", "The beneficiary opted out of notifications on "
                        + message.channel());
                return true;
            }
        }
        try {
            SendResult result = router.send(prepared != null ? prepared : fromStore(message, attempt));
            messages.markSent(message, result, now());
            events.publishEvent(MessageStatusChanged.of(message, result.status()));
            return true;
        } catch (ChannelSendException e) {
            if (e.isRecipientUnreachable()) {
                beneficiaries.markUnreachable(message.channel(), message.address(), e.getMessage());
            }
            if (!e.isRetryable() || attempt >= properties.maxAttempts()) {
                fail(message, attempt, e.code(), e.getMessage());
                return true;
            }
            Duration wait = e.retryAfter() != null ? e.retryAfter() : properties.backoff(attempt);
            Instant next = now().plus(wait);
            log.info("Send of {} on {} failed (try {}), retrying in {}: {}", message.id(), message.channel(),
                    attempt, wait, e.getMessage());
            messages.retryAt(message.id(), next, e.code(), e.getMessage());
            wakeAt(message.conversationId(), next);
            return false;
        }
    }

    /**
     * Whether an earlier message of the conversation is still to be sent, by another instance (in this one, the
     * queue sends them in order). It goes first: this one goes back to the store, offered to any worker, and is
     * queued here again shortly, behind what this instance has of the conversation (should that be lost, the sweep
     * finds it in the store).
     */
    private boolean outOfTurn(Message claimed) {
        Message earlier = leases.othersAlive() ? messages.earlierQueued(claimed) : null;
        if (earlier == null) {
            return false;
        }
        log.debug("Message {} waits for an earlier one of its conversation to be sent", claimed.id());
        messages.putBackUnsent(claimed.id());
        // An earlier message waiting for its retry (offered, not claimed) is not looked at before the retry is due.
        Instant recheck = now().plus(InboundProcessor.TURN_RECHECK);
        if (earlier.workKey() != null && earlier.nextAttemptAt() != null && earlier.nextAttemptAt().isAfter(recheck)) {
            recheck = earlier.nextAttemptAt();
        }
        Duration wait = Duration.between(clock.instant(), recheck);
        retries.schedule(() -> queues.enqueue(claimed.conversationId(), claimed.id(), null),
                Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS);
        return true;
    }

    private void wakeAt(String conversationId, Instant at) {
        long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis());
        retries.schedule(() -> queues.wake(conversationId), delay, TimeUnit.MILLISECONDS);
    }

    private void fail(Message message, int attempt, String code, String error) {
        log.warn("Message {} on {} failed after {} tries: {} {}", message.id(), message.channel(), attempt, code,
                error);
        messages.markFailed(message.id(), code, error);
        events.publishEvent(MessageStatusChanged.of(message, DeliveryStatus.FAILED));
    }

    /** A message taken from the store (a staff reply, a notification, a retry): its thread is read there too. */
    private OutboundMessage fromStore(Message message, int attempt) {
        Conversation conversation = threads.byId(message.conversationId()).orElseThrow();
        // The latest inbound message, found by its unique provider id (the embedded store would scan the
        // collection for "latest of the conversation").
        Message latest = message.answers() != null ? messages.byId(message.answers()).orElse(null)
                : conversation.lastInboundExternalId() == null ? null
                : messages.byExternalId(conversation.channel(), conversation.lastInboundExternalId());
        return toOutbound(message, attempt, latest, conversation.lastInboundAt());
    }

    /** @param latest the inbound message the reply threads under (e-mail answers "Re:" its subject), or null */
    private OutboundMessage toOutbound(Message message, int attempt, Message latest, Instant lastInboundAt) {
        List<String> inReplyTo = new ArrayList<>();
        Map<String, String> metadata = new HashMap<>(message.details());
        if (latest != null) {
            if (latest.externalId() != null) {
                inReplyTo.add(latest.externalId());
            }
            inReplyTo.addAll(latest.inReplyTo());
            copy(latest.details(), "subject", metadata, "threadSubject");
            copy(latest.details(), "caseReference", metadata, "caseReference");
        }
        List<Attachment> attachments = message.attachments().stream()
                .map(a -> messages.attachment(a.id()).orElseThrow()).toList();
        var origin = new OutboundMessage.Origin(message.author() == null ? null : message.author().label(),
                message.intent(), message.createdAt());
        return new OutboundMessage(message.id(), message.channel(), message.address(), message.text(),
                message.quickReplies(), attachments, inReplyTo, lastInboundAt, message.notification(), attempt,
                metadata, origin);
    }

    private static void copy(Map<String, String> from, String key, Map<String, String> to, String as) {
        if (from.get(key) != null) {
            to.putIfAbsent(as, from.get(key));
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
