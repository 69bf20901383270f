package org.sila.conversation.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import org.sila.cluster.ClusterMembers;
import org.sila.conversation.ConversationProperties;
import org.sila.conversation.Message;
import org.sila.store.StoreAccess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Who holds a claimed message, and until when. Every run of the hub signs its claims with an id of its own. On the
 * embedded store, which only this process can open, a claim signed by another run was left by a hub that stopped
 * mid-work: it is void at once, so that work is taken up at start instead of after the lease. On a MongoDB server
 * other instances work beside this one ({@link ClusterMembers}, from their heartbeats), and the claims of an instance
 * no longer among them (killed, or stopped) are taken over at the next sweep.
 */
@Component
class Leases {

    private static final Logger log = LoggerFactory.getLogger(Leases.class);

    private final String holder;
    private final boolean soleProcess;
    private final ConversationProperties properties;
    private final MessageStore messages;
    private final ClusterMembers members;

    Leases(StoreAccess store, ConversationProperties properties, MessageStore messages, ClusterMembers members) {
        this.soleProcess = store.soleProcess();
        this.properties = properties;
        this.messages = messages;
        this.members = members;
        this.holder = members.self();
    }

    /** The runs of the hub that may be working now: this one, and instances heard from lately. */
    private List<String> alive() {
        List<String> alive = new ArrayList<>(List.of(holder));
        if (!soleProcess) {
            alive.addAll(members.others()); // on a store of its own, an earlier run's late heartbeat means nothing
        }
        return alive;
    }

    /**
     * Whether other instances work on the store now. Alone, this run's queues keep each conversation in order; with
     * others, two messages of one conversation may be in two instances' hands, and the store must say whose turn it is.
     */
    boolean othersAlive() {
        return !soleProcess && !members.others().isEmpty();
    }

    /** Whether {@code message} is claimed by another instance that is working now. */
    boolean heldByAnotherAlive(Message message) {
        return message.workKey() == null && message.leaseHolder() != null && !soleProcess
                && members.others().contains(message.leaseHolder()); // others: never this run
    }

    /** A claim of this run, from {@code now} for one lease. */
    Message.Claim claim(Instant now) {
        return new Message.Claim(holder, now.plus(properties.lease()));
    }

    /** Whether a claim this run made is still good at {@code now} (with a margin, as the work takes time). */
    boolean stillHeld(Instant until, Instant now) {
        return until != null && now.plus(properties.lease().dividedBy(4)).isBefore(until);
    }

    /** Offers again the messages matching {@code pending} that a run of the hub now gone had claimed. */
    void takeBackAbandoned(MessageStore.Unfinished pending, Update reset) {
        List<Message> abandoned = messages.heldByNoneOf(pending, alive());
        if (!abandoned.isEmpty() && !soleProcess) {
            // The view of who is alive is up to a heartbeat old: an instance that started since is not in it.
            Set<String> alive = members.othersNow();
            abandoned = abandoned.stream().filter(m -> !alive.contains(m.leaseHolder())).toList();
        }
        for (Message m : abandoned) {
            log.info("Message {} was claimed by a run of the hub that stopped; it is taken up again", m.id());
            messages.offerAgain(m.id(), reset);
        }
    }

    /**
     * Puts what the store says is still pending back in the queues: a message waiting to be claimed, and one
     * claimed by a worker whose lease ran out (the hub stopped mid-work), offered again first. A message whose
     * worker still holds it is left to that worker: it has it in hand. When that worker is this run's, its
     * conversation's queue is woken, should it have stopped with no wake to come.
     */
    <T> void requeue(List<Message> pending, Predicate<Message> leaseOver, ConversationQueues<T> queues) {
        for (Message m : pending) {
            if (m.workKey() == null) {
                // Another live instance's claim is its own, however long its send takes (a gone one's is taken
                // back by takeBackAbandoned); only this run's own, cut short by a failure, is offered again here.
                if (!holder.equals(m.leaseHolder())) {
                    continue;
                }
                if (!leaseOver.test(m)) {
                    // In hand here, behind an earlier message of its conversation. Should that queue have stopped
                    // with no wake to come (its first message sent by another instance meanwhile), it would wait
                    // for this lease to end; waking it costs a look at its first message, and nothing while it runs.
                    queues.wake(m.conversationId());
                    continue;
                }
                messages.offerAgain(m.id(), new Update());
            }
            queues.enqueue(m.conversationId(), m.id(), null);
        }
    }
}
