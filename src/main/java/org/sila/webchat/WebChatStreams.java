package org.sila.webchat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.sila.channel.AddressErased;
import org.sila.channel.ChannelType;
import org.sila.channel.LiveRelay;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The open server-sent-event streams of web chat sessions (a visitor may have several tabs open). */
@Component
class WebChatStreams implements SmartLifecycle {

    private static final long TIMEOUT_MILLIS = Duration.ofMinutes(30).toMillis();
    /** How long a refused stream is told to wait: about one heartbeat, when idle tabs have been noticed gone. */
    private static final long RETRY_AFTER_SECONDS = 30;

    private final Map<String, List<SseEmitter>> bySession = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final WebChatProperties properties;
    private final LiveRelay relay;
    private volatile boolean running;

    WebChatStreams(WebChatProperties properties, LiveRelay relay) {
        this.properties = properties;
        this.relay = relay;
        relay.subscribe(RELAY_TOPIC, Relayed.class, relayed -> pushHere(relayed.sessionId(), relayed.message()));
    }

    static final String RELAY_TOPIC = "webchat";

    /** A message for a session's streams, relayed from the instance that produced it. */
    record Relayed(String sessionId, WebChatMessage message) {
    }

    /**
     * Ends open streams when the hub stops, before the web server's graceful shutdown, which would otherwise wait
     * its whole timeout for them; the widget reconnects and catches up from the history.
     */
    @Override
    public void stop() {
        running = false;
        bySession.values().forEach(emitters -> emitters.forEach(SseEmitter::complete));
        bySession.clear();
        open.set(0);
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Opens a live stream, within the caps: a few per session (tabs), and a total well under the server's
     * connections, so streams held open cannot starve everyone else.
     */
    synchronized SseEmitter open(String sessionId) {
        if (bySession.getOrDefault(sessionId, List.of()).size() >= properties.streamsPerSession()) {
            throw WebChatController.WebChatError.tooMany("Too many open streams for this chat", RETRY_AFTER_SECONDS);
        }
        if (open.get() >= properties.maxStreams()) {
            throw WebChatController.WebChatError.tooMany("The chat is busy", RETRY_AFTER_SECONDS);
        }
        SseEmitter emitter = new SseEmitter(TIMEOUT_MILLIS);
        List<SseEmitter> emitters = bySession.computeIfAbsent(sessionId, k -> new CopyOnWriteArrayList<>());
        emitters.add(emitter);
        open.incrementAndGet();
        Runnable remove = () -> bySession.computeIfPresent(sessionId, (k, list) -> {
            if (list.remove(emitter)) {
                open.decrementAndGet();
            }
            return list.isEmpty() ? null : list;
        });
        emitter.onCompletion(remove);
        emitter.onTimeout(remove);
        emitter.onError(e -> remove.run());
        try {
            // Commits the response at once, so the client knows the stream is live before any message comes.
            emitter.send(SseEmitter.event().comment("open"));
        } catch (IOException e) {
            emitter.completeWithError(e);
        }
        return emitter;
    }

    /**
     * Pushes one message to the session's open streams, here and (through the relay) on the other hub instances,
     * since the visitor's stream may be held by any of them; returns how many here took it.
     */
    int push(String sessionId, WebChatMessage message) {
        relay.publish(RELAY_TOPIC, new Relayed(sessionId, message));
        return pushHere(sessionId, message);
    }

    /** An erased session's messages still in the relay for other instances are withdrawn. */
    @EventListener
    void onErased(AddressErased erased) {
        if (erased.channel() == ChannelType.WEBCHAT) {
            relay.withdraw(RELAY_TOPIC, "sessionId", erased.address());
        }
    }

    private int pushHere(String sessionId, WebChatMessage message) {
        int delivered = 0;
        for (SseEmitter emitter : bySession.getOrDefault(sessionId, List.of())) {
            try {
                emitter.send(SseEmitter.event().name("message").id(message.id()).data(message));
                delivered++;
            } catch (IOException | IllegalStateException gone) {
                emitter.completeWithError(gone);
            }
        }
        return delivered;
    }

    /** Keeps idle streams open through proxies that cut silent connections. */
    @Scheduled(fixedDelayString = "${sila.webchat.heartbeat:25s}")
    void heartbeat() {
        bySession.values().forEach(emitters -> emitters.forEach(emitter -> {
            try {
                emitter.send(SseEmitter.event().comment("keep-alive"));
            } catch (IOException | IllegalStateException gone) {
                emitter.completeWithError(gone);
            }
        }));
    }
}
