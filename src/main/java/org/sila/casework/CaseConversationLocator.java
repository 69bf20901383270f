package org.sila.casework;

import java.util.Optional;

import org.sila.channel.InboundMessage;
import org.sila.conversation.ConversationLocator;
import org.springframework.stereotype.Component;

/** A message quoting a case reference continues the conversation the case was opened in. */
@Component
class CaseConversationLocator implements ConversationLocator {

    private final CaseService cases;

    CaseConversationLocator(CaseService cases) {
        this.cases = cases;
    }

    @Override
    public Optional<String> conversationFor(InboundMessage message) {
        String reference = message.metadata().get(InboundMessage.META_CASE_REFERENCE);
        if (reference == null || reference.isBlank()) {
            return Optional.empty();
        }
        return cases.byReference(reference).map(Case::conversationId);
    }
}
