package org.sila.console.internal;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.sila.conversation.ConversationEvents.ConversationStatusChanged;
import org.sila.conversation.ConversationEvents.MessageAdded;
import org.sila.conversation.ConversationEvents.MessageReceived;
import org.sila.conversation.ConversationEvents.MessageStatusChanged;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Live updates for open console pages: each change to a conversation is pushed as a server-sent event naming the
 * conversation; the page fetches what changed. Sending happens off the thread that raised the event.
 */
@Component
class ConsoleStreams implements SmartLifecycle {

    private static final long TIMEOUT_MS = 30 * 60 * 1000L;

    private final List<SseEmitter> emitters = new CopyOnWriteArrayList<>();
    private volatile boolean running;
    private volatile ExecutorService sender;

    SseEmitter open() {
        SseEmitter emitter = new SseEmitter(TIMEOUT_MS);
        emitter.onCompletion(() -> emitters.remove(emitter));
        emitter.onTimeout(() -> emitters.remove(emitter));
        emitter.onError(e -> emitters.remove(emitter));
        emitters.add(emitter);
        try {
            emitter.send(SseEmitter.event().name("ready").data("{}"));
        } catch (IOException e) {
            emitters.remove(emitter);
        }
        return emitter;
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

    private void push(String conversationId, String what) {
        ExecutorService current = sender;
        if (!running || current == null || emitters.isEmpty()) {
            return;
        }
        try {
            current.execute(() -> {
                for (SseEmitter emitter : emitters) {
                    try {
                        emitter.send(SseEmitter.event().name("change")
                                .data(Map.of("conversationId", conversationId, "what", what)));
                    } catch (IOException | IllegalStateException gone) {
                        emitters.remove(emitter);
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
        emitters.forEach(SseEmitter::complete);
        emitters.clear();
        sender.shutdown();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
