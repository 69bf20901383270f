package org.sila.conversation.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiPredicate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-conversation queues, drained on the caller's thread so that each interleaving is played exactly. */
class ConversationQueuesTest {

    /**
     * A worker that cannot go on asks for a wake just before it returns (a retry due at once, for one); the wake may
     * fire before the drain has stopped. Found by TwoInstancesTest: the wake met a queue still draining and did
     * nothing, the drain then stopped, and the replies behind waited for their lease.
     */
    @Test
    void aWakeThatComesBeforeTheDrainHasStoppedIsNotLost() {
        List<String> tries = new ArrayList<>();
        var queues = queues((self, id) -> {
            tries.add(id);
            if (tries.size() == 1) {
                self.enqueue("conversation", "reply-2", null);
                self.wake("conversation"); // due at once, it fires before this try returns
                return false;
            }
            return true;
        });

        queues.enqueue("conversation", "reply-1", null);

        assertThat(tries).containsExactly("reply-1", "reply-1", "reply-2");
    }

    /** A wake during a message that is then done with does not carry over: the next one that must wait, waits. */
    @Test
    void aWakeDuringAMessageThatIsDoneWithDoesNotKeepTheNextOneGoing() {
        List<String> tries = new ArrayList<>();
        var queues = queues((self, id) -> {
            tries.add(id);
            if (id.equals("reply-1")) {
                self.enqueue("conversation", "reply-2", null);
                self.wake("conversation");
                return true;
            }
            return tries.size() > 2;
        });

        queues.enqueue("conversation", "reply-1", null);
        assertThat(tries).containsExactly("reply-1", "reply-2");

        queues.wake("conversation");
        assertThat(tries).containsExactly("reply-1", "reply-2", "reply-2");
    }

    /** Queues that drain on the caller's thread, with a worker that is given the queues it works for. */
    private static ConversationQueues<Object> queues(BiPredicate<ConversationQueues<Object>, String> worker) {
        AtomicReference<ConversationQueues<Object>> self = new AtomicReference<>();
        self.set(new ConversationQueues<>(Runnable::run, (id, inHand) -> worker.test(self.get(), id)));
        return self.get();
    }
}
