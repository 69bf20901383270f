package org.sila.conversation.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import org.sila.conversation.Conversation;
import org.sila.conversation.ConversationEvents.MessageReceived;
import org.sila.conversation.ConversationStatus;
import org.sila.conversation.InboundResponder;
import org.sila.conversation.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * Hands each stored inbound message to the rules layer once, in order within its conversation, and marks it
 * handled. The intake stores a message already claimed for this worker and passes it on in hand; messages stored
 * but not handled when the hub stopped are taken up by the sweep at the next start. A message the rules layer
 * fails on three times is given to staff rather than blocking the conversation. With other instances on the store,
 * a message waits while an earlier one of its conversation is still to be handled (by whichever instance has it).
 *
 * <p>{@link MessageReceived} is raised here, once the message is handled, off the adapter's thread: what listens
 * to it (counters, the console) never holds up a provider's acknowledgement, and a message stored just before a
 * stop is counted when it is handled after the restart.
 */
@Component
class InboundProcessor {

    private static final Logger log = LoggerFactory.getLogger(InboundProcessor.class);
    static final int MAX_HANDLING_ATTEMPTS = 3;
    /** How soon a message that came before its turn (see {@link #outOfTurn}) is looked at again. */
    static final Duration TURN_RECHECK = Duration.ofMillis(250);

    private final MessageStore messages;
    private final ConversationThreads threads;
    private final List<InboundResponder> responders;
    private final ConversationQueues<InHand> queues;
    private final Leases leases;
    private final ApplicationEventPublisher events;
    private final TaskScheduler scheduler;
    private final Clock clock;

    InboundProcessor(MessageStore messages, ConversationThreads threads, List<InboundResponder> responders,
                     @Qualifier("inboundWorkers") ThreadPoolTaskExecutor workers, Leases leases,
                     ApplicationEventPublisher events, TaskScheduler scheduler, Optional<Clock> clock) {
        this.messages = messages;
        this.threads = threads;
        this.responders = responders;
        this.queues = new ConversationQueues<>(workers, this::handle);
        this.leases = leases;
        this.events = events;
        this.scheduler = scheduler;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    /**
     * What the intake passes on with a message it stored: the message, and the conversation as it read it at {@code
     * readAt} ({@link System#nanoTime}), used at the message's turn unless the conversation changed meanwhile.
     */
    record InHand(Message message, Conversation conversation, long readAt) {
    }

    /** Takes a message the intake just stored, claimed for this run, with the conversation it belongs to. */
    void take(Message stored, Conversation conversation, long readAt) {
        queues.enqueue(stored.conversationId(), stored.id(), new InHand(stored, conversation, readAt));
    }

    @EventListener(ApplicationReadyEvent.class)
    void onStart() {
        sweep();
    }

    @Scheduled(fixedDelayString = "${sila.pipeline.sweep-interval:30s}", initialDelayString = "${sila.pipeline.sweep-interval:30s}")
    void sweep() {
        leases.takeBackAbandoned(MessageStore.Unfinished.INBOUND, new Update().unset(MessageStore.LEASE_UNTIL));
        // The query already leaves out messages whose worker still holds a lease.
        leases.requeue(messages.unhandled(now(), 1000), m -> true, queues);
    }

    private boolean handle(String messageId, InHand inHand) {
        Instant now = now();
        Message message;
        int attempt;
        Conversation conversation = null;
        if (inHand != null && leases.stillHeld(inHand.message().leaseUntil(), now)) {
            if (outOfTurn(inHand.message())) {
                return true;
            }
            message = inHand.message();
            if (!threads.changedSince(message.conversationId(), inHand.readAt())) {
                conversation = inHand.conversation();
            }
            attempt = 1;
        } else {
            Message before = messages.claimForHandling(messageId, leases.claim(now));
            if (before == null || before.handledAt() != null) {
                return true; // handled already (offered again from an old reading), or another instance holds it
            }
            if (outOfTurn(before)) {
                return true;
            }
            message = before;
            attempt = before.handlingAttempts() + 1;
        }
        if (conversation == null) {
            conversation = threads.byId(message.conversationId()).orElseThrow();
        }
        try {
            // An earlier attempt that answered and then failed (before marking the message handled) must not
            // make the beneficiary read the answer twice.
            if (attempt > 1 && messages.answered(message.id())) {
                log.info("Message {} was answered by an earlier attempt; it is not answered again", messageId);
            } else {
                respond(message, conversation);
            }
        } catch (RuntimeException e) {
            if (attempt < MAX_HANDLING_ATTEMPTS) {
                messages.releaseForHandling(message.id());
                throw e;
            }
            log.error("The rules layer failed {} times on message {}; handing it to staff", MAX_HANDLING_ATTEMPTS,
                    messageId, e);
            threads.changeStatus(conversation.id(), ConversationStatus.WAITING, null, now());
        }
        Instant done = now();
        threads.inboundHandled(message, done);
        events.publishEvent(MessageReceived.of(message));
        messages.markHandled(message.id(), done);
        return true;
    }

    /**
     * Whether an earlier message of the conversation is still to be handled, by another instance (in this one, the
     * queue handles them in order): answering this one first would answer out of order and move a dialogue on the
     * wrong answer. It then goes back to the store, offered to any worker, and is queued here again shortly, behind
     * what this instance has of the conversation (should that be lost, the sweep finds it in the store).
     */
    private boolean outOfTurn(Message claimed) {
        if (!leases.othersAlive() || !messages.earlierUnhandled(claimed)) {
            return false;
        }
        log.debug("Message {} waits for an earlier one of its conversation", claimed.id());
        messages.putBackUnhandled(claimed.id());
        scheduler.schedule(() -> {
            try {
                queues.enqueue(claimed.conversationId(), claimed.id(), null);
            } catch (TaskRejectedException stopping) {
                // the hub is stopping: the message is in the store, for the next start or another instance
            }
        }, clock.instant().plus(TURN_RECHECK));
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
}
