package org.sila.conversation.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sila.MemoryStore;
import org.sila.channel.ChannelType;
import org.sila.conversation.Conversation;
import org.sila.conversation.ConversationProperties;
import org.sila.conversation.ConversationStatus;
import org.sila.store.StoreAccess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A conversation the intake read goes to the worker in hand only while nothing changed it since: a hand-over to
 * staff made by the message before must be seen by the next.
 */
class ConversationThreadsTest {

    @RegisterExtension
    static final MemoryStore memory = new MemoryStore("threads");

    @Test
    void aConversationReadBeforeAChangeHereIsReadAgain() {
        ConversationThreads threads = threads(new StoreAccess(true));
        Conversation open = threads.open("b-1", ChannelType.WEBCHAT, "visitor-1", Instant.now());
        long readBefore = System.nanoTime();
        assertThat(threads.changedSince(open.id(), readBefore)).isFalse();

        threads.changeStatus(open.id(), ConversationStatus.WAITING, null, Instant.now());
        assertThat(threads.changedSince(open.id(), readBefore)).isTrue();
        long readAfter = System.nanoTime();
        assertThat(threads.changedSince(open.id(), readAfter)).isFalse();

        threads.outboundAdded(open.id(), Instant.now());
        assertThat(threads.changedSince(open.id(), readAfter)).isTrue();
        Conversation other = threads.open("b-2", ChannelType.WEBCHAT, "visitor-2", Instant.now());
        assertThat(threads.changedSince(other.id(), readAfter)).isFalse();
    }

    @Test
    void withOtherProcessesOnTheStoreItIsAlwaysReadAgain() {
        ConversationThreads threads = threads(new StoreAccess(false));
        Conversation open = threads.open("b-3", ChannelType.WEBCHAT, "visitor-3", Instant.now());
        assertThat(threads.changedSince(open.id(), System.nanoTime())).isTrue();
    }

    private static ConversationThreads threads(StoreAccess store) {
        ConversationProperties properties = new ConversationProperties(8, Duration.ofSeconds(2),
                Duration.ofMinutes(10), Duration.ofSeconds(30), Duration.ofMinutes(2),
                16_000_000);
        return new ConversationThreads(memory.mongo(), new MessageStore(memory.mongo(), store), List.of(), event -> { },
                store, properties);
    }
}
