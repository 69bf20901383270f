package org.sila.conversation.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import org.sila.conversation.ConversationProperties;
import org.sila.conversation.Message;
import org.sila.store.StoreAccess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Who holds a claimed message, and until when. Every run of the hub signs its claims with an id of its own. On the
 * embedded store, which only this process can open, a claim signed by another run was left by a hub that stopped
 * mid-work: it is void at once, so that work is taken up at start instead of after the lease. On a MongoDB server
 * another live instance may hold it, and a claim is taken as abandoned only when its lease has run out.
 */
@Component
class Leases {

    private static final Logger log = LoggerFactory.getLogger(Leases.class);

    private final String holder = UUID.randomUUID().toString();
    private final boolean soleProcess;
    private final ConversationProperties properties;
    private final MessageStore messages;

    Leases(StoreAccess store, ConversationProperties properties, MessageStore messages) {
        this.soleProcess = store.soleProcess();
        this.properties = properties;
        this.messages = messages;
    }

    /** A claim of this run, from {@code now} for one lease. */
    Message.Claim claim(Instant now) {
        return new Message.Claim(holder, now.plus(properties.lease()));
    }

    /** Whether a claim this run made is still good at {@code now} (with a margin, as the work takes time). */
    boolean stillHeld(Instant until, Instant now) {
        return until != null && now.plus(properties.lease().dividedBy(4)).isBefore(until);
    }

    /**
     * Offers again the messages matching {@code pending} that an earlier run of the hub had claimed when it stopped,
     * when no other process can be working on them.
     */
    void takeBackAbandoned(Criteria pending, Update reset) {
        if (!soleProcess) {
            return;
        }
        for (Message m : messages.heldByOthers(pending, holder)) {
            log.info("Message {} was claimed by a run of the hub that stopped; it is taken up again", m.id());
            messages.offerAgain(m.id(), reset);
        }
    }

    /**
     * Puts what the store says is still pending back in the queues: a message waiting to be claimed, and one
     * claimed by a worker whose lease ran out (the hub stopped mid-work), offered again first. A message whose
     * worker still holds it is left to that worker: it has it in hand.
     */
    <T> void requeue(List<Message> pending, Predicate<Message> leaseOver, ConversationQueues<T> queues) {
        for (Message m : pending) {
            if (m.workKey() == null) {
                if (!leaseOver.test(m)) {
                    continue;
                }
                messages.offerAgain(m.id(), new Update());
            }
            queues.enqueue(m.conversationId(), m.id(), null);
        }
    }
}
