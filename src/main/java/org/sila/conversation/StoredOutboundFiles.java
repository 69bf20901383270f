package org.sila.conversation;

import java.util.Optional;

import org.sila.channel.OutboundFiles;
import org.springframework.stereotype.Component;

/** The port through which adapters read the files of messages the hub sent (never a beneficiary's own files). */
@Component
class StoredOutboundFiles implements OutboundFiles {

    private final ConversationService conversations;

    StoredOutboundFiles(ConversationService conversations) {
        this.conversations = conversations;
    }

    @Override
    public Optional<OutboundFile> file(String messageId, int index) {
        return conversations.message(messageId)
                .filter(m -> m.direction() == Direction.OUT && index >= 0 && index < m.attachments().size())
                .flatMap(m -> conversations.attachment(m.attachments().get(index).id())
                        .map(file -> new OutboundFile(m.channel(), m.address(), file)));
    }
}
