package org.sila.survey;

public enum SurveyStatus {
    /** Sent, waiting for a score. */
    PENDING,
    ANSWERED,
    /** No score came in time. */
    EXPIRED
}
