package org.sila.webchat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.sila.channel.ConversationHistory;
import org.sila.channel.QuickReply;

/** A message as the widget sees it, in the history and on the stream. */
record WebChatMessage(String id, String direction, String text, String author, String intent,
                      List<QuickReply> quickReplies, Instant createdAt, List<File> files) {

    WebChatMessage {
        files = files == null ? List.of() : List.copyOf(files);
    }

    /**
     * A file staff sent; {@code url} (relative to the hub) opens it with the session's token only.
     */
    record File(String name, String type, long size, String url) {
    }

    static WebChatMessage of(String sessionId, ConversationHistory.Entry entry) {
        List<File> files = new ArrayList<>();
        for (int i = 0; i < entry.files().size(); i++) {
            var f = entry.files().get(i);
            files.add(new File(f.fileName(), f.contentType(), f.size(), fileUrl(sessionId, entry.id(), i)));
        }
        return new WebChatMessage(entry.id(), entry.direction(), entry.text(), entry.author(), entry.intent(),
                entry.quickReplies(), entry.createdAt(), files);
    }

    static String fileUrl(String sessionId, String messageId, int index) {
        return "/api/webchat/sessions/" + sessionId + "/files/" + messageId + "/" + index;
    }
}
