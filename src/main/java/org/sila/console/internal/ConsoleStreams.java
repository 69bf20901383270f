package org.sila.console.internal;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.sila.channel.LiveRelay;
import org.sila.conversation.Conversation;
import org.sila.conversation.ConversationEvents.ConversationStatusChanged;
import org.sila.conversation.ConversationEvents.MessageAdded;
import org.sila.conversation.ConversationEvents.MessageReceived;
import org.sila.conversation.ConversationEvents.MessageStatusChanged;
import org.sila.conversation.ConversationService;
import org.sila.staff.StaffDeactivated;
import org.sila.staff.StaffMember;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Live updates for open console pages: each change to a conversation is pushed as a server-sent event naming the
 * conversation, to the pages of staff who may see it ({@link ConversationAccess}), and the page fetches what changed.
 * Sending happens off the thread that raised the event.
 */
@Component
class ConsoleStreams implements SmartLifecycle {

    private static final long TIMEOUT_MS = 30 * 60 * 1000L;
    private static final long RETRY_AFTER_SECONDS = 30;

    /** One open console page's stream: whose, and in which sign-in session. */
    private record Stream(SseEmitter emitter, StaffMember who, String sessionId) {
    }

    private final List<Stream> streams = new CopyOnWriteArrayList<>();
    private final ConsoleProperties properties;
    private volatile boolean running;
    private volatile ExecutorService sender;

    private final LiveRelay relay;
    private final ConversationService conversations;
    private final ConversationAccess access;

    ConsoleStreams(ConsoleProperties properties, LiveRelay relay, ConversationService conversations,
                   ConversationAccess access) {
        this.properties = properties;
        this.relay = relay;
        this.conversations = conversations;
        this.access = access;
        relay.subscribe(RELAY_TOPIC, Change.class, change -> pushHere(change.conversationId(), change.what()));
        relay.subscribe(DEACTIVATED_TOPIC, Deactivated.class, deactivated -> endStreamsOf(deactivated.username()));
    }

    static final String RELAY_TOPIC = "console";
    static final String DEACTIVATED_TOPIC = "console-deactivated";

    /** An account deactivated on another instance: its pages open here end too. */
    record Deactivated(String username) {
    }

    /** What an open page hears: which conversation changed, and what of it. Also what goes to other instances. */
    record Change(String conversationId, String what) {
    }

    /**
     * Opens a stream within the caps: a few per sign-in session (tabs), and a total for the whole console, so
     * pages left open cannot use up the server's connections.
     */
    synchronized SseEmitter open(StaffMember who, String sessionId) {
        if (streams.stream().filter(s -> s.sessionId().equals(sessionId)).count() >= properties.streamsPerSession()
                || streams.size() >= properties.maxStreams()) {
            throw new TooManyStreams(RETRY_AFTER_SECONDS);
        }
        SseEmitter emitter = new SseEmitter(TIMEOUT_MS);
        Stream stream = new Stream(emitter, who, sessionId);
        emitter.onCompletion(() -> streams.remove(stream));
        emitter.onTimeout(() -> streams.remove(stream));
        emitter.onError(e -> streams.remove(stream));
        streams.add(stream);
        try {
            emitter.send(SseEmitter.event().name("ready").data("{}"));
        } catch (IOException e) {
            streams.remove(stream);
        }
        return emitter;
    }

    /**
     * A deactivated account's open pages stop hearing about conversations at once, on every instance: a page may be
     * open on another one than the administrator's.
     */
    @EventListener
    void on(StaffDeactivated deactivated) {
        endStreamsOf(deactivated.username());
        relay.publish(DEACTIVATED_TOPIC, new Deactivated(deactivated.username()));
    }

    private void endStreamsOf(String username) {
        for (Stream stream : streams) {
            if (stream.who().username().equals(username)) {
                streams.remove(stream);
                stream.emitter().complete();
            }
        }
    }

    /** Refused: the client is told when to try again. */
    static final class TooManyStreams extends RuntimeException {
        final long retryAfterSeconds;

        TooManyStreams(long retryAfterSeconds) {
            super("Too many open console streams");
            this.retryAfterSeconds = retryAfterSeconds;
        }
    }

    @EventListener
    void on(MessageReceived event) {
        push(event.conversationId(), "message");
    }

    @EventListener
    void on(MessageAdded event) {
        push(event.conversationId(), "message");
    }

    @EventListener
    void on(MessageStatusChanged event) {
        push(event.conversationId(), "status");
    }

    @EventListener
    void on(ConversationStatusChanged event) {
        push(event.conversationId(), "conversation");
    }

    /** To the pages open here, and to those open on the other hub instances. */
    private void push(String conversationId, String what) {
        pushHere(conversationId, what, true);
    }

    private void pushHere(String conversationId, String what) {
        pushHere(conversationId, what, false);
    }

    /** Off the thread that raised the event, as is the relaying, which writes to the store. */
    private void pushHere(String conversationId, String what, boolean alsoRelay) {
        ExecutorService current = sender;
        if (!running || current == null || (streams.isEmpty() && !alsoRelay)) {
            return;
        }
        try {
            current.execute(() -> {
                if (alsoRelay) {
                    relay.publish(RELAY_TOPIC, new Change(conversationId, what));
                }
                Conversation conversation = streams.isEmpty() ? null
                        : conversations.conversation(conversationId).orElse(null);
                for (Stream stream : streams) {
                    if (conversation == null || !access.maySee(conversation, stream.who())) {
                        continue; // not even that it moved: which conversations move is not everyone's to know
                    }
                    try {
                        stream.emitter().send(SseEmitter.event().name("change")
                                .data(Map.of("conversationId", conversationId, "what", what)));
                    } catch (IOException | IllegalStateException gone) {
                        streams.remove(stream);
                    }
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // the console is stopping: nobody is listening any more
        }
    }

    @Override
    public synchronized void start() {
        sender = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "console-sse");
            t.setDaemon(true);
            return t;
        });
        running = true;
    }

    /** Ends open streams before the web server's graceful shutdown, which would otherwise wait for them. */
    @Override
    public synchronized void stop() {
        running = false;
        streams.forEach(stream -> stream.emitter().complete());
        streams.clear();
        sender.shutdown();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
