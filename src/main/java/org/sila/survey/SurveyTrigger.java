package org.sila.survey;

/** What sent a survey. */
public enum SurveyTrigger {
    CONVERSATION_RESOLVED,
    SERVICE_DELIVERED,
    /** The beneficiary asked to rate the service (the rules layer's {@code rate-service} intent). */
    ON_REQUEST
}
