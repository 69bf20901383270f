package org.sila.survey;

import java.time.Instant;

import org.sila.channel.ChannelType;

/** What happened to surveys, for the measurement centre. */
public final class SurveyEvents {

    private SurveyEvents() {
    }

    /** @param caseType the case's type, or null for a conversation's survey */
    public record SurveySent(String surveyId, ChannelType channel, SurveyTrigger trigger, String caseType,
                             String staffId, Instant at) {
    }

    public record SurveyAnswered(String surveyId, ChannelType channel, SurveyTrigger trigger, String caseType,
                                 String staffId, int score, Instant at) {
    }

    public record SurveyExpired(String surveyId, ChannelType channel, Instant at) {
    }
}
