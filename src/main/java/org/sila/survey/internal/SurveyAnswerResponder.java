package org.sila.survey.internal;

import org.sila.conversation.Conversation;
import org.sila.conversation.Direction;
import org.sila.conversation.InboundResponder;
import org.sila.conversation.Message;
import org.sila.survey.SurveyService;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Before the rules layer: a message answering the survey its address was asked is taken here, and only that. */
@Component
@Order(0)
class SurveyAnswerResponder implements InboundResponder {

    private final SurveyService surveys;

    SurveyAnswerResponder(SurveyService surveys) {
        this.surveys = surveys;
    }

    @Override
    public boolean respond(Message message, Conversation conversation) {
        return message.direction() == Direction.IN && surveys.answer(message);
    }
}
