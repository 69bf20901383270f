package org.sila.survey.internal;

import org.sila.casework.CaseEvents.CaseStageChanged;
import org.sila.casework.CaseStage;
import org.sila.conversation.ConversationEvents.ConversationStatusChanged;
import org.sila.conversation.ConversationStatus;
import org.sila.survey.SurveyProperties;
import org.sila.survey.SurveyService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Sends a survey when a conversation is resolved or a request's service is delivered, and expires the unanswered.
 * A survey that cannot be sent never undoes what triggered it: staff resolving a conversation still resolve it.
 */
@Configuration(proxyBeanMethods = false)
class SurveyTriggers {

    private static final Logger log = LoggerFactory.getLogger(SurveyTriggers.class);

    private final SurveyService surveys;

    SurveyTriggers(SurveyService surveys) {
        this.surveys = surveys;
    }

    @EventListener
    void on(ConversationStatusChanged event) {
        if (event.status() == ConversationStatus.RESOLVED) {
            safely(event, () -> surveys.surveyConversation(event.conversationId()));
        }
    }

    @EventListener
    void on(CaseStageChanged event) {
        if (event.to() == CaseStage.SERVICE_DELIVERED) {
            safely(event, () -> surveys.surveyCase(event.caseId()));
        }
    }

    private static void safely(Object event, Runnable send) {
        try {
            send.run();
        } catch (RuntimeException e) {
            log.warn("No survey after {}", event, e);
        }
    }

    @Scheduled(fixedDelayString = "${sila.survey.expiry-sweep:5m}", initialDelayString = "${sila.survey.expiry-sweep:5m}")
    void expire() {
        surveys.expire();
    }
}
