package org.sila.telegram;

import java.net.URI;
import java.time.Duration;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Telegram channel's settings. The adapter is on only when {@code token} is set ({@code TELEGRAM_BOT_TOKEN}).
 *
 * @param token              the bot token from @BotFather; a secret, never defaulted
 * @param mode               {@code long-polling} (no public URL needed) or {@code webhook}
 * @param webhookSecret      webhook mode: the {@code X-Telegram-Bot-Api-Secret-Token} Telegram must send; a secret
 * @param webhookUrl         webhook mode: the public URL Telegram posts updates to (ending in
 *                           {@value TelegramWebhookController#PATH})
 * @param apiUrl             the Bot API base URL (a local Bot API server, or a fake in tests)
 * @param maxFileBytes       the largest inbound file downloaded; larger ones are refused and the beneficiary told why
 *                           (the cloud Bot API itself serves at most 20 MB)
 * @param pollTimeout        long-polling: how long one {@code getUpdates} call waits for news
 * @param messagesPerSecond  outbound ceiling over all chats
 * @param chatInterval       outbound: least time between two messages to one chat
 * @param maxInlineRetryWait a 429 whose {@code retry_after} is at most this is waited out inside the send
 */
@ConfigurationProperties("sila.telegram")
record TelegramProperties(
        String token,
        @DefaultValue("long-polling") Mode mode,
        String webhookSecret,
        URI webhookUrl,
        @DefaultValue("https://api.telegram.org") URI apiUrl,
        @DefaultValue("20000000") long maxFileBytes,
        @DefaultValue("50s") Duration pollTimeout,
        @DefaultValue("30") int messagesPerSecond,
        @DefaultValue("1s") Duration chatInterval,
        @DefaultValue("10s") Duration maxInlineRetryWait) {

    /** What Telegram accepts as a webhook secret token. */
    private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{16,256}");

    enum Mode { LONG_POLLING, WEBHOOK }

    TelegramProperties {
        if (token == null || !token.contains(":")) {
            throw new IllegalStateException("sila.telegram.token (TELEGRAM_BOT_TOKEN) must be a bot token such as "
                    + "123456:ABC-DEF...");
        }
        if (mode == Mode.WEBHOOK) {
            if (webhookSecret == null || !SECRET.matcher(webhookSecret).matches()) {
                throw new IllegalStateException("sila.telegram.webhook-secret (TELEGRAM_WEBHOOK_SECRET) is required in "
                        + "webhook mode: 16 to 256 characters of A-Z, a-z, 0-9, _ and -");
            }
            if (webhookUrl == null || !"https".equals(webhookUrl.getScheme())) {
                throw new IllegalStateException("sila.telegram.webhook-url must be the public https URL of "
                        + TelegramWebhookController.PATH + " in webhook mode");
            }
        }
        if (maxFileBytes <= 0 || messagesPerSecond <= 0 || chatInterval.isNegative() || pollTimeout.isNegative()) {
            throw new IllegalStateException("sila.telegram limits must be positive");
        }
    }

    /** The bot's numeric id, the part of the token before the colon; keys the polling offset. */
    String botId() {
        return token.substring(0, token.indexOf(':'));
    }

    @Override
    public String toString() {
        return "TelegramProperties[mode=" + mode + ", apiUrl=" + apiUrl + ", webhookUrl=" + webhookUrl + "]";
    }
}
