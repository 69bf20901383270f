package org.sila.survey.internal;

import java.util.Optional;

import org.sila.channel.InboundMessage;
import org.sila.conversation.ConversationLocator;
import org.sila.survey.ScoreParser;
import org.sila.survey.Survey;
import org.sila.survey.PendingSurveys;
import org.sila.survey.SurveyStatus;
import org.springframework.stereotype.Component;

/**
 * An answer to a survey continues the conversation the survey was sent in (reopening it if it was resolved), so
 * staff read the score where they served; any other message opens a conversation as usual.
 */
@Component
class SurveyConversationLocator implements ConversationLocator {

    private final PendingSurveys surveys;

    SurveyConversationLocator(PendingSurveys surveys) {
        this.surveys = surveys;
    }

    @Override
    public Optional<String> conversationFor(InboundMessage message) {
        return surveys.awaiting(message.channel(), message.sender().address())
                .filter(s -> s.status() == SurveyStatus.ANSWERED
                        || ScoreParser.parse(message.text(), message.quickReplyPayload()).isPresent())
                .map(Survey::conversationId);
    }
}
