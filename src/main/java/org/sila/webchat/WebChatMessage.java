package org.sila.webchat;

import java.time.Instant;
import java.util.List;

import org.sila.channel.ConversationHistory;
import org.sila.channel.QuickReply;

/** A message as the widget sees it, in the history and on the stream. */
record WebChatMessage(String id, String direction, String text, String author, String intent,
                      List<QuickReply> quickReplies, Instant createdAt) {

    static WebChatMessage of(ConversationHistory.Entry entry) {
        return new WebChatMessage(entry.id(), entry.direction(), entry.text(), entry.author(), entry.intent(),
                entry.quickReplies(), entry.createdAt());
    }
}
