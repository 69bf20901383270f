package org.sila.survey;

import java.time.Instant;

import org.sila.channel.ChannelType;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One satisfaction survey sent to a beneficiary. The id is {@code CONVERSATION:<id>} or {@code CASE:<id>}, which
 * makes "once per conversation / case" a property of the store (a second insert is a duplicate key).
 *
 * @param conversationId the conversation it was sent in (and the one an answer continues)
 * @param caseType       for a case's survey, its type; null for a conversation's
 * @param staffId        the staff member who served the beneficiary, if any
 * @param reopened       the conversation was resolved when the survey went out, so an answer reopening it is
 *                       followed by resolving it again
 * @param commentUntil   after the score, until when the next message is taken as the comment
 */
@Document("surveys")
public record Survey(@Id String id, SurveyTrigger trigger, String conversationId, String caseId,
                     String caseReference, String caseType, String beneficiaryId, ChannelType channel,
                     String address, String staffId, String language, SurveyStatus status, String messageId,
                     boolean reopened, Instant sentAt, Instant expiresAt, Integer score, String comment,
                     Instant answeredAt, Instant commentUntil) {

    public static String conversationKey(String conversationId) {
        return "CONVERSATION:" + conversationId;
    }

    public static String caseKey(String caseId) {
        return "CASE:" + caseId;
    }

    public static String requestKey(String conversationId) {
        return "REQUEST:" + conversationId;
    }

    public boolean waitingForScore(Instant now) {
        return status == SurveyStatus.PENDING && expiresAt.isAfter(now);
    }

    public boolean waitingForComment(Instant now) {
        return status == SurveyStatus.ANSWERED && comment == null && commentUntil != null && commentUntil.isAfter(now);
    }

    public boolean english() {
        return "en".equals(language);
    }
}
