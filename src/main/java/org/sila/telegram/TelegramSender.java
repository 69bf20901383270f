package org.sila.telegram;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.sila.channel.AddressErased;
import org.sila.channel.Asking;
import org.sila.channel.Attachment;
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
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.telegram.telegrambots.meta.api.methods.send.SendDocument;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.send.SendPhoto;
import org.telegram.telegrambots.meta.api.objects.InputFile;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.ReplyKeyboard;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.ReplyKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.KeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.KeyboardRow;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/**
 * Sends stored replies to Telegram chats as plain text (no parse mode, so nothing a beneficiary or staff member
 * typed is read as markup), quick replies as inline buttons under the last part, a request for the phone as a
 * "share my phone number" keyboard button; then each file (photos as photos, the rest as documents).
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
    /** The Bot API's upload limits: a photo, any other file. */
    static final long MAX_PHOTO_BYTES = 10_000_000;
    static final long MAX_DOCUMENT_BYTES = 50_000_000;
    private static final Set<String> PHOTO_TYPES = Set.of("image/jpeg", "image/png", "image/webp");

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

    /** An erased chat's rate-limit turns are dropped: the store keeps no chat id of theirs. */
    @EventListener
    void onErased(AddressErased erased) {
        if (erased.channel() == ChannelType.TELEGRAM) {
            limits.forgetChat(erased.address());
        }
    }

    @Override
    public SendResult send(OutboundMessage message) {
        for (Attachment file : message.attachments()) {
            String refusal = refusal(file);
            if (refusal != null) {
                throw ChannelSendException.permanent("TELEGRAM_FILE_REFUSED", refusal, null);
            }
        }
        List<String> parts = TelegramText.split(message.text(), TelegramText.MAX_CHARS);
        if (parts.isEmpty() && message.attachments().isEmpty()) {
            throw ChannelSendException.permanent("TELEGRAM_EMPTY", "Telegram cannot send an empty message", null);
        }
        String chatId = message.recipient();
        // The text first (its buttons under its last part), then each file: "here is your letter", then the letter.
        List<Call> calls = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            boolean last = i == parts.size() - 1;
            var send = SendMessage.builder().chatId(chatId).text(parts.get(i))
                    .replyMarkup(last ? markup(message) : null).build();
            calls.add(() -> client.execute(send));
        }
        for (Attachment file : message.attachments()) {
            calls.add(() -> upload(chatId, file));
        }
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
            for (Call call : calls) {
                if (!ids.isEmpty()) {
                    limits.awaitChat(chatId);
                    limits.awaitOverall();
                }
                ids.add(Integer.toString(execute(call, chatId, ids.size()).getMessageId()));
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

    /** One Bot API call that posts a message. */
    private interface Call {
        Message run() throws TelegramApiException;
    }

    /** Why the Bot API would refuse this file, or null: photos up to 10 MB go as photos, other files up to 50 MB. */
    static String refusal(Attachment file) {
        return file.size() > MAX_DOCUMENT_BYTES ? file.fileName() + " is " + file.size()
                + " bytes; Telegram bots send files of at most " + MAX_DOCUMENT_BYTES + " bytes" : null;
    }

    private Message upload(String chatId, Attachment file) throws TelegramApiException {
        var input = new InputFile(new ByteArrayInputStream(file.content()), file.fileName());
        if (PHOTO_TYPES.contains(file.contentType()) && file.size() <= MAX_PHOTO_BYTES) {
            return client.execute(SendPhoto.builder().chatId(chatId).photo(input).build());
        }
        return client.execute(SendDocument.builder().chatId(chatId).document(input).build());
    }

    /** Sends one message in the overall turn already taken; after a 429, waits for another. */
    private Message execute(Call call, String chatId, int partsSent) throws InterruptedException {
        for (int waits = 0; ; waits++) {
            if (waits > 0) {
                limits.awaitOverall();
            }
            try {
                return call.run();
            } catch (TelegramApiRequestException e) {
                Integer code = e.getErrorCode();
                Integer retryAfter = e.getParameters() == null ? null : e.getParameters().getRetryAfter();
                if (code != null && code == 429) {
                    Duration after = Duration.ofSeconds(retryAfter == null ? 1 : retryAfter);
                    if (waits < MAX_429_WAITS && after.compareTo(properties.maxInlineRetryWait()) <= 0) {
                        log.info("Telegram asked to slow down for chat {}: waiting {}", chatId, after);
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

    /**
     * Buttons under the message: its quick replies inline; when it asks for the phone and offers no choices, a
     * keyboard button that shares the user's own number (it hides once pressed; typing the number works too).
     */
    static ReplyKeyboard markup(OutboundMessage message) {
        if (message.quickReplies().isEmpty() && Asking.PHONE.equals(message.metadata().get(Asking.KEY))) {
            var share = KeyboardButton.builder().text(message.metadata().getOrDefault(Asking.LABEL, "📱"))
                    .requestContact(true).build();
            return ReplyKeyboardMarkup.builder().keyboardRow(new KeyboardRow(List.of(share))).oneTimeKeyboard(true)
                    .resizeKeyboard(true).build();
        }
        return keyboard(message.quickReplies());
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
