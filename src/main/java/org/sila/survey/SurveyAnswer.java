package org.sila.survey;

import java.time.Instant;

import org.sila.channel.ChannelType;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** A beneficiary's answer to a survey, as they gave it; its id is the survey's. */
@Document("survey_answers")
public record SurveyAnswer(@Id String id, int score, String comment, String raw, String messageId,
                           ChannelType channel, SurveyTrigger trigger, String caseType, String staffId,
                           Instant answeredAt) {
}
