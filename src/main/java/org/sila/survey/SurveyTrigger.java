package org.sila.survey;

/** What sent a survey. */
public enum SurveyTrigger {
    CONVERSATION_RESOLVED,
    SERVICE_DELIVERED
}
