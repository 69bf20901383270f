package org.sila.conversation.internal;

import java.util.List;

import org.sila.channel.ChannelType;
import org.sila.channel.ConversationHistory;
import org.sila.conversation.Direction;
import org.sila.conversation.Message;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

@Component
class StoredConversationHistory implements ConversationHistory {

    private final MessageStore messages;

    StoredConversationHistory(MessageStore messages) {
        this.messages = messages;
    }

    @Override
    public List<Entry> history(ChannelType channel, String address) {
        return messages.atAddress(channel, address).stream().map(StoredConversationHistory::entry).toList();
    }

    private static Entry entry(Message m) {
        return new Entry(m.id(), m.direction().name(), m.text(), m.author() == null ? "system" : m.author().label(),
                m.intent(), m.quickReplies(), m.status(), m.createdAt(), m.direction() != Direction.OUT ? List.of()
                : m.attachments().stream().map(a -> new FileRef(a.fileName(), a.contentType(), a.size())).toList());
    }
}
