package org.sila.telegram;

import java.time.Duration;
import java.util.List;

import okhttp3.OkHttpClient;
import org.sila.channel.CursorStore;
import org.sila.channel.InboundRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Conditional;
import org.springframework.stereotype.Component;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.api.methods.updates.DeleteWebhook;
import org.telegram.telegrambots.meta.api.methods.updates.GetUpdates;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/**
 * Long polling: asks {@code getUpdates} for news, hands each update to the handler, and only then moves the offset
 * past it. The offset is kept in the cursor store and is what tells Telegram an update was taken, so an update is
 * confirmed only after it is stored: after a crash or a failing store, the same update comes again (and is stored
 * once, by its external id).
 *
 * <p>This is a small loop of its own rather than the library's {@code TelegramBotsLongPollingApplication}: that
 * session moves its offset before the consumer runs and stops polling for good when a consumer throws.
 */
@Component
@Conditional(TelegramConditions.LongPolling.class)
class TelegramPoller implements SmartLifecycle {

    static final List<String> ALLOWED_UPDATES = List.of("message", "edited_message", "callback_query");
    private static final Logger log = LoggerFactory.getLogger(TelegramPoller.class);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

    private final TelegramClient client;
    private final TelegramUpdateHandler handler;
    private final CursorStore cursors;
    private final TelegramProperties properties;
    private final String cursorKey;
    private volatile Thread thread;
    private volatile boolean running;

    TelegramPoller(OkHttpClient telegramHttp, TelegramUpdateHandler handler, CursorStore cursors,
                   TelegramProperties properties) {
        // getUpdates holds the connection for the poll timeout: its own client with a longer read timeout.
        OkHttpClient polling = telegramHttp.newBuilder()
                .readTimeout(properties.pollTimeout().plusSeconds(15)).build();
        this.client = new OkHttpTelegramClient(polling, properties.token(),
                TelegramConfiguration.telegramUrl(properties.apiUrl()));
        this.handler = handler;
        this.cursors = cursors;
        this.properties = properties;
        this.cursorKey = "telegram:" + properties.botId() + ":offset";
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::run, "telegram-poller");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(Duration.ofSeconds(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        thread = null;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        Duration backoff = Duration.ofSeconds(1);
        boolean webhookRemoved = false;
        while (running) {
            try {
                if (!webhookRemoved) {
                    // getUpdates answers 409 while a webhook is set; never drop what is pending.
                    client.execute(DeleteWebhook.builder().dropPendingUpdates(false).build());
                    webhookRemoved = true;
                }
                pollOnce();
                backoff = Duration.ofSeconds(1);
            } catch (Exception e) {
                if (!running) {
                    return;
                }
                log.error("Telegram polling failed; the unconfirmed updates come again in {}: {}", backoff,
                        e.toString());
                if (!pause(backoff)) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    private void pollOnce() throws Exception {
        int offset = cursors.get(cursorKey).map(Integer::parseInt).orElse(0);
        List<Update> updates = client.execute(GetUpdates.builder().offset(offset).limit(100)
                .timeout((int) properties.pollTimeout().toSeconds()).allowedUpdates(ALLOWED_UPDATES).build());
        for (Update update : updates) {
            if (!running) {
                return;
            }
            if (update.getUpdateId() < offset) {
                continue; // confirmed earlier
            }
            try {
                handler.handle(update);
            } catch (InboundRules.Refused refused) {
                log.warn("Telegram update {} refused: {}", update.getUpdateId(), refused.getMessage());
            }
            cursors.put(cursorKey, Integer.toString(update.getUpdateId() + 1));
        }
    }

    private boolean pause(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }
}
