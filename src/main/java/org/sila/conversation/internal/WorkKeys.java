package org.sila.conversation.internal;

import java.util.List;
import java.util.function.Predicate;

import org.sila.conversation.Message;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Update;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * The work key ({@link Message#workKey()}): a message's id while it waits for a worker. Claiming removes it in one
 * atomic update on a unique index, so only one worker gets the message; giving the message back sets it again.
 */
final class WorkKeys {

    private static final Logger log = LoggerFactory.getLogger(WorkKeys.class);

    private WorkKeys() {
    }

    /**
     * @return the message as it was before {@code update}, or null when another worker has it (or nobody waits for
     * it)
     */
    static Message claim(MongoTemplate mongo, String messageId, Update update) {
        return mongo.findAndModify(query(where("workKey").is(messageId)), update.unset("workKey"),
                FindAndModifyOptions.options().returnNew(false), Message.class);
    }

    static void release(MongoTemplate mongo, String messageId, Update update) {
        mongo.updateFirst(query(where("_id").is(messageId)), update.set("workKey", messageId), Message.class);
    }

    /**
     * Gives back the messages matching {@code pending} that an earlier run of the hub had claimed when it stopped,
     * when no other process can be working on them (see {@link Leases}).
     */
    static void releaseAbandoned(MongoTemplate mongo, Leases leases, Criteria pending, Update release) {
        if (!leases.othersAreGone()) {
            return;
        }
        for (Message m : mongo.find(query(new Criteria().andOperator(pending, leases.heldByOthers())), Message.class)) {
            log.info("Message {} was claimed by a run of the hub that stopped; it is taken up again", m.id());
            release(mongo, m.id(), release);
        }
    }

    /**
     * Puts what the store says is still pending back in the queues; a message claimed by a worker whose lease ran
     * out (the hub stopped mid-work) is offered again.
     */
    static void requeue(MongoTemplate mongo, ConversationQueues queues, List<Message> pending,
                        Predicate<Message> leaseOver) {
        for (Message m : pending) {
            if (m.workKey() == null && leaseOver.test(m)) {
                release(mongo, m.id(), new Update());
            }
            queues.enqueue(m.conversationId(), m.id());
        }
    }
}
