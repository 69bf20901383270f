package org.sila.telegram;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.sila.channel.Attachment;
import org.sila.channel.ChannelType;
import org.sila.channel.ConversationHistory;
import org.sila.channel.InboundEdit;
import org.sila.channel.InboundGateway;
import org.sila.channel.InboundMessage;
import org.sila.channel.InboundRules;
import org.sila.channel.Sender;
import org.sila.channel.SharedContent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Conditional;
import org.springframework.stereotype.Component;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.Contact;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.chat.Chat;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.api.objects.photo.PhotoSize;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/**
 * Turns one Telegram update into what the hub stores, and hands it to the inbound gateway. It returns only once
 * the gateway has stored it (or the update is one the hub ignores), so the caller may then acknowledge the update;
 * it throws when the update must be offered again (store or network trouble).
 *
 * <p>Message ids are per chat in Telegram, so a message's external id is {@code chatId:messageId}; a button press
 * is {@code callback:id}. Both are the same every time Telegram delivers the update again, which makes the store
 * keep it once.
 */
@Component
@Conditional(TelegramConditions.Enabled.class)
class TelegramUpdateHandler {

    static final String META_START_PAYLOAD = "startPayload";
    static final String META_COMMAND = "command";
    static final String META_USERNAME = "telegramUsername";
    static final String META_CONTACT_PHONE = "contactPhone";
    static final String META_CONTACT_NAME = "contactName";
    static final String META_CONTACT_IS_OWN = "contactIsOwn";

    private static final Logger log = LoggerFactory.getLogger(TelegramUpdateHandler.class);

    private final InboundGateway inbound;
    private final TelegramFiles files;
    private final TelegramClient client;
    private final ConversationHistory history;

    TelegramUpdateHandler(InboundGateway inbound, TelegramFiles files, TelegramClient client,
                          ConversationHistory history) {
        this.inbound = inbound;
        this.files = files;
        this.client = client;
        this.history = history;
    }

    void handle(Update update) throws IOException {
        handle(update.getUpdateId(), update);
    }

    /** @param updateId the update's id as Telegram sent it (the webhook reads it apart: it may not fit an int) */
    void handle(long updateId, Update update) throws IOException {
        if (update.getMessage() != null) {
            onMessage(updateId, update.getMessage());
        } else if (update.getEditedMessage() != null) {
            onEdit(updateId, update.getEditedMessage());
        } else if (update.getCallbackQuery() != null) {
            onCallback(update.getCallbackQuery());
        } else if (update.getChannelPost() != null || update.getEditedChannelPost() != null) {
            log.info("Telegram update {} is a channel post: ignored", updateId);
        } else {
            log.debug("Telegram update {} carries nothing the hub handles: ignored", updateId);
        }
    }

    private void onMessage(long updateId, Message message) throws IOException {
        if (!isPrivate(message.getChat())) {
            log.info("Telegram update {} comes from a {} chat, not a private one: ignored", updateId,
                    message.getChat() == null ? "unknown" : message.getChat().getType());
            return;
        }
        String chatId = message.getChat().getId().toString();
        User from = message.getFrom();
        Map<String, String> metadata = new LinkedHashMap<>();
        if (from != null && from.getUserName() != null) {
            metadata.put(META_USERNAME, from.getUserName());
        }
        String text = message.getText() != null ? message.getText()
                : message.getCaption() != null ? message.getCaption() : "";
        if (text.equals("/start") || text.startsWith("/start ")) {
            metadata.put(META_COMMAND, "start");
            String payload = text.substring("/start".length()).strip();
            if (!payload.isEmpty()) {
                metadata.put(META_START_PAYLOAD, payload);
            }
        }
        String phone = null;
        if (message.getContact() != null) {
            Contact contact = message.getContact();
            boolean own = from != null && contact.getUserId() != null && contact.getUserId().equals(from.getId());
            metadata.put(META_CONTACT_PHONE, contact.getPhoneNumber());
            metadata.put(META_CONTACT_NAME, name(contact.getFirstName(), contact.getLastName()));
            metadata.put(META_CONTACT_IS_OWN, Boolean.toString(own));
            // Only the user's own number links them to the same person on SMS and WhatsApp; a friend's does not.
            phone = own ? international(contact.getPhoneNumber()) : null;
            if (text.isBlank()) {
                // the "share my phone number" button answered the question for the phone: the number is the answer
                text = contact.getPhoneNumber();
            }
        }
        content(message).ifPresent(c -> metadata.putAll(c.toMetadata()));
        List<Attachment> attachments = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (FileRef ref : fileRefs(message)) {
            TelegramFiles.Fetched fetched = files.fetch(ref.fileId(), ref.size(), ref.fileName(), ref.contentType());
            if (fetched.attachment() != null) {
                attachments.add(fetched.attachment());
            } else {
                refused.add(fetched.refusal());
            }
        }
        if (!refused.isEmpty()) {
            metadata.put(InboundMessage.META_ATTACHMENTS_REJECTED, String.join(", ", refused));
            metadata.put(InboundMessage.META_ATTACHMENT_LIMIT_BYTES, Long.toString(files.limit()));
        }
        var sender = new Sender(chatId, from == null ? null : name(from.getFirstName(), from.getLastName()), phone,
                language(from));
        inbound.receive(InboundRules.check(new InboundMessage(ChannelType.TELEGRAM,
                externalId(chatId, message.getMessageId()), sender, text, attachments, sentAt(message.getDate()), null,
                List.of(), metadata)));
    }

    /** A place (a venue is a named place), a contact card, a sticker as its emoji, or a die and its value. */
    private static Optional<SharedContent> content(Message message) {
        if (message.getVenue() != null && message.getVenue().getLocation() != null) {
            var venue = message.getVenue();
            return Optional.of(new SharedContent.Location(venue.getLocation().getLatitude(),
                    venue.getLocation().getLongitude(), venue.getTitle(), venue.getAddress()));
        }
        if (message.getLocation() != null) {
            return Optional.of(new SharedContent.Location(message.getLocation().getLatitude(),
                    message.getLocation().getLongitude(), null, null));
        }
        if (message.getContact() != null) {
            Contact contact = message.getContact();
            boolean own = message.getFrom() != null && contact.getUserId() != null
                    && contact.getUserId().equals(message.getFrom().getId());
            return Optional.of(new SharedContent.ContactCard(name(contact.getFirstName(), contact.getLastName()),
                    contact.getPhoneNumber(), own));
        }
        if (message.getSticker() != null) {
            return Optional.of(new SharedContent.Sticker(message.getSticker().getEmoji()));
        }
        if (message.getDice() != null) {
            return Optional.of(new SharedContent.Dice(message.getDice().getEmoji(), message.getDice().getValue()));
        }
        return Optional.empty();
    }

    private void onEdit(long updateId, Message edited) {
        if (!isPrivate(edited.getChat())) {
            log.info("Telegram update {} edits a message outside a private chat: ignored", updateId);
            return;
        }
        String text = edited.getText() != null ? edited.getText() : edited.getCaption();
        InboundRules.checkText(text);
        String chatId = edited.getChat().getId().toString();
        inbound.edit(new InboundEdit(ChannelType.TELEGRAM, externalId(chatId, edited.getMessageId()), chatId, text));
    }

    private void onCallback(CallbackQuery callback) {
        var origin = callback.getMessage();
        if (origin != null && origin.getChat() != null && !isPrivate(origin.getChat())) {
            log.info("Telegram button press {} outside a private chat: ignored", callback.getId());
            answer(callback);
            return;
        }
        String chatId = origin != null && origin.getChatId() != null ? origin.getChatId().toString()
                : callback.getFrom().getId().toString();
        String data = callback.getData();
        String payload = TelegramCallbackData.decode(data, history.history(ChannelType.TELEGRAM, chatId))
                .orElse(data);
        String title = origin instanceof Message shown ? buttonText(shown, data) : null;
        User from = callback.getFrom();
        var sender = new Sender(chatId, from == null ? null : name(from.getFirstName(), from.getLastName()), null,
                language(from));
        inbound.receive(InboundRules.check(new InboundMessage(ChannelType.TELEGRAM, "callback:" + callback.getId(),
                sender, title != null ? title : payload, List.of(), Instant.now(), payload, List.of(), Map.of())));
        answer(callback);
    }

    /** Stops the spinner on the button; the press is stored already, so a failure here loses nothing. */
    private void answer(CallbackQuery callback) {
        try {
            client.execute(AnswerCallbackQuery.builder().callbackQueryId(callback.getId()).build());
        } catch (TelegramApiException e) {
            log.warn("Could not answer Telegram button press {}: {}", callback.getId(), e.getMessage());
        }
    }

    private static String buttonText(Message shown, String data) {
        InlineKeyboardMarkup markup = shown.getReplyMarkup();
        if (markup == null || markup.getKeyboard() == null) {
            return null;
        }
        for (InlineKeyboardRow row : markup.getKeyboard()) {
            for (InlineKeyboardButton button : row) {
                if (data != null && data.equals(button.getCallbackData())) {
                    return button.getText();
                }
            }
        }
        return null;
    }

    private record FileRef(String fileId, Long size, String fileName, String contentType) {
    }

    private static List<FileRef> fileRefs(Message message) {
        List<FileRef> refs = new ArrayList<>();
        if (message.getPhoto() != null && !message.getPhoto().isEmpty()) {
            // Telegram offers each photo in several sizes: the largest is what the beneficiary sent.
            PhotoSize largest = message.getPhoto().stream()
                    .max(Comparator.comparingLong(p -> p.getFileSize() == null ? 0L : p.getFileSize())).orElseThrow();
            refs.add(new FileRef(largest.getFileId(), largest.getFileSize() == null ? null
                    : largest.getFileSize().longValue(), "photo-" + message.getMessageId() + ".jpg", "image/jpeg"));
        }
        if (message.getDocument() != null) {
            var d = message.getDocument();
            refs.add(new FileRef(d.getFileId(), d.getFileSize(), d.getFileName(), d.getMimeType()));
        }
        if (message.getVoice() != null) {
            var v = message.getVoice();
            refs.add(new FileRef(v.getFileId(), v.getFileSize(), "voice-" + message.getMessageId() + ".ogg",
                    v.getMimeType() == null ? "audio/ogg" : v.getMimeType()));
        }
        if (message.getAudio() != null) {
            var a = message.getAudio();
            refs.add(new FileRef(a.getFileId(), a.getFileSize(), a.getFileName(), a.getMimeType()));
        }
        if (message.getVideo() != null) {
            var v = message.getVideo();
            refs.add(new FileRef(v.getFileId(), v.getFileSize(), v.getFileName(), v.getMimeType()));
        }
        if (message.getVideoNote() != null) {
            var v = message.getVideoNote();
            refs.add(new FileRef(v.getFileId(), v.getFileSize() == null ? null : v.getFileSize().longValue(),
                    "video-note-" + message.getMessageId() + ".mp4", "video/mp4"));
        }
        return refs;
    }

    static String externalId(String chatId, Integer messageId) {
        return chatId + ":" + messageId;
    }

    private static boolean isPrivate(Chat chat) {
        return chat != null && chat.getId() != null && "private".equals(chat.getType());
    }

    private static Instant sentAt(Integer date) {
        return date == null ? null : Instant.ofEpochSecond(date);
    }

    private static String name(String first, String last) {
        String name = ((first == null ? "" : first) + " " + (last == null ? "" : last)).strip();
        return name.isEmpty() ? null : name;
    }

    private static String language(User user) {
        String code = user == null ? null : user.getLanguageCode();
        return code == null || code.length() < 2 ? null : code.substring(0, 2).toLowerCase(Locale.ROOT);
    }

    /** Telegram gives a shared phone in international form, often without the plus. */
    private static String international(String phone) {
        if (phone == null || phone.isBlank()) {
            return null;
        }
        String p = phone.strip();
        return p.startsWith("+") || p.startsWith("0") ? p : "+" + p;
    }
}
