package org.sila.telegram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.sila.channel.ChannelSendException;
import org.sila.channel.ChannelSender;
import org.sila.channel.ChannelType;
import org.sila.channel.DeliveryStatus;
import org.sila.channel.OutboundMessage;
import org.sila.channel.QuickReply;
import org.sila.channel.SendResult;
import org.sila.channel.SharedRateLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Conditional;
import org.springframework.stereotype.Component;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/**
 * Sends stored replies to Telegram chats as plain text (no parse mode, so nothing a beneficiary or staff member
 * typed is read as markup), quick replies as inline buttons under the last part.
 *
 * <p>Rate limits, shared by every hub instance on the store: when the chat had a message less than a second ago, the message goes back to the outbox with the
 * wait as its {@code retryAfter}, so no worker thread sits idle on one chat while others could be served; the
 * overall 30/s ceiling is waited for in place (a few milliseconds). A 429 that asks for at most
 * {@code max-inline-retry-wait} is waited out here and the same part sent again, which keeps the parts of a long
 * message in order and sent once; a longer one goes back to the outbox with Telegram's {@code retry_after}.
 */
@Component
@Conditional(TelegramConditions.Enabled.class)
class TelegramSender implements ChannelSender {

    private static final Logger log = LoggerFactory.getLogger(TelegramSender.class);
    private static final int MAX_429_WAITS = 3;

    private final TelegramClient client;
    private final TelegramProperties properties;
    private final TelegramRateLimits limits;

    TelegramSender(TelegramClient client, TelegramProperties properties, SharedRateLimits sharedLimits) {
        this.client = client;
        this.properties = properties;
        this.limits = new TelegramRateLimits(sharedLimits, properties.botId(), properties.messagesPerSecond(),
                properties.chatInterval());
    }

    @Override
    public Set<ChannelType> channels() {
        return Set.of(ChannelType.TELEGRAM);
    }

    @Override
    public SendResult send(OutboundMessage message) {
        if (!message.attachments().isEmpty()) {
            throw ChannelSendException.permanent("TELEGRAM_ATTACHMENTS_UNSUPPORTED",
                    "Sending files on Telegram is not supported yet", null);
        }
        List<String> parts = TelegramText.split(message.text(), TelegramText.MAX_CHARS);
        if (parts.isEmpty()) {
            throw ChannelSendException.permanent("TELEGRAM_EMPTY", "Telegram cannot send an empty message", null);
        }
        String chatId = message.recipient();
        List<String> ids = new ArrayList<>();
        try {
            // The overall turn first, then the chat's: a chat turn taken before a long wait for the overall one
            // would let a later message to the chat go out less than a second after this one.
            limits.awaitOverall();
            Duration wait = limits.tryChat(chatId);
            if (!wait.isZero()) {
                throw ChannelSendException.retryable("TELEGRAM_CHAT_PACING",
                        "Waiting for the chat's turn: Telegram takes one message a second per chat", wait, null);
            }
            for (int i = 0; i < parts.size(); i++) {
                if (i > 0) {
                    limits.awaitChat(chatId);
                    limits.awaitOverall();
                }
                boolean last = i == parts.size() - 1;
                var send = SendMessage.builder().chatId(chatId).text(parts.get(i))
                        .replyMarkup(last ? keyboard(message.quickReplies()) : null).build();
                ids.add(Integer.toString(execute(send, ids.size()).getMessageId()));
                limits.chatSent(chatId);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ChannelSendException.retryable("INTERRUPTED", "The send was interrupted", null, e);
        }
        String externalId = TelegramUpdateHandler.externalId(chatId, Integer.valueOf(ids.get(ids.size() - 1)));
        return new SendResult(externalId, DeliveryStatus.SENT,
                ids.size() == 1 ? Map.of() : Map.of("parts", Integer.toString(ids.size()),
                        "telegramMessageIds", String.join(",", ids)));
    }

    /** Sends one part in the overall turn already taken; after a 429, waits for another. */
    private Message execute(SendMessage send, int partsSent) throws InterruptedException {
        for (int waits = 0; ; waits++) {
            if (waits > 0) {
                limits.awaitOverall();
            }
            try {
                return client.execute(send);
            } catch (TelegramApiRequestException e) {
                Integer code = e.getErrorCode();
                Integer retryAfter = e.getParameters() == null ? null : e.getParameters().getRetryAfter();
                if (code != null && code == 429) {
                    Duration after = Duration.ofSeconds(retryAfter == null ? 1 : retryAfter);
                    if (waits < MAX_429_WAITS && after.compareTo(properties.maxInlineRetryWait()) <= 0) {
                        log.info("Telegram asked to slow down for chat {}: waiting {}", send.getChatId(), after);
                        Thread.sleep(after.toMillis());
                        continue;
                    }
                    throw ChannelSendException.retryable("TELEGRAM_429", describe(e, partsSent), after, e);
                }
                throw failure(e, code, partsSent);
            } catch (TelegramApiException e) {
                throw ChannelSendException.retryable("TELEGRAM_NETWORK", describe(e, partsSent), null, e);
            }
        }
    }

    private static ChannelSendException failure(TelegramApiRequestException e, Integer code, int partsSent) {
        if (code == null || code >= 500) {
            return ChannelSendException.retryable("TELEGRAM_" + (code == null ? "ERROR" : code),
                    describe(e, partsSent), null, e);
        }
        if (code == 403) {
            // "bot was blocked by the user", "user is deactivated": this chat is closed to the bot.
            return ChannelSendException.unreachable("TELEGRAM_403", describe(e, partsSent));
        }
        return ChannelSendException.permanent("TELEGRAM_" + code, describe(e, partsSent), e);
    }

    private static String describe(TelegramApiException e, int partsSent) {
        String what = e instanceof TelegramApiRequestException r && r.getApiResponse() != null
                ? r.getApiResponse() : e.getMessage();
        return partsSent == 0 ? what : what + " (after " + partsSent + " part(s) of the text were delivered)";
    }

    static InlineKeyboardMarkup keyboard(List<QuickReply> quickReplies) {
        if (quickReplies.isEmpty()) {
            return null;
        }
        // One button a row: long Arabic titles stay readable, and large targets suit elderly beneficiaries.
        List<InlineKeyboardRow> rows = quickReplies.stream()
                .map(q -> new InlineKeyboardRow(InlineKeyboardButton.builder().text(q.title())
                        .callbackData(TelegramCallbackData.encode(q.payload())).build()))
                .toList();
        return new InlineKeyboardMarkup(rows);
    }
}
