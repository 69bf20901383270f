package org.sila.telegram;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Keeps of an update only the parts the hub reads, before the SDK maps it. The SDK refuses a whole update when a
 * part it models lacks a field it marks required (a game's animation without {@code file_unique_id}); the hub reads
 * none of those parts, so they must not cost the beneficiary's message.
 */
final class TelegramUpdates {

    private static final List<String> MESSAGES = List.of("message", "edited_message", "channel_post",
            "edited_channel_post");
    /** The message fields {@link TelegramUpdateHandler} reads. */
    private static final Set<String> READ = Set.of("message_id", "from", "chat", "date", "text", "caption", "photo",
            "document", "voice", "audio", "video", "video_note", "sticker", "location", "venue", "contact", "dice",
            "reply_markup", "edit_date");

    private TelegramUpdates() {
    }

    static ObjectNode readable(ObjectNode update) {
        ObjectNode copy = update.deepCopy();
        copy.remove("update_id"); // read apart: Telegram's ids may outgrow the SDK's int
        for (String field : MESSAGES) {
            prune(copy.get(field));
        }
        JsonNode callback = copy.get("callback_query");
        if (callback != null && callback.isObject()) {
            prune(callback.get("message"));
        }
        return copy;
    }

    private static void prune(JsonNode message) {
        if (message instanceof ObjectNode object) {
            object.retain(READ);
        }
    }
}
