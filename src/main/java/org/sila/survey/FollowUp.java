package org.sila.survey;

import java.time.Instant;

import org.sila.channel.ChannelType;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A task for a manager: a beneficiary gave a low score. The measurement centre lists the open ones until a manager
 * closes one with what was done; the id is the survey's, so one answer opens one task.
 *
 * @param outcome  what the manager did about it (set when closed)
 */
@Document("survey_follow_ups")
public record FollowUp(@Id String id, int score, String comment, String beneficiaryId, String conversationId,
                       String caseId, String caseReference, ChannelType channel, String staffId, Status status,
                       Instant createdAt, String closedBy, Instant closedAt, String outcome) {

    public enum Status { OPEN, DONE }
}
