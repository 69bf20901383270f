package org.sila.bot;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * Where the bot is with a conversation, kept in the store so a dialogue resumes after a restart and on whichever
 * worker handles the next message.
 *
 * @param id                the conversation's id
 * @param flow              the dialogue under way ({@code application}, {@code complaint} ...), null when none
 * @param step              the field being asked for
 * @param fields            the answers so far
 * @param language          {@code ar} / {@code en}, fixed for a dialogue
 * @param misunderstandings questions or answers in a row the bot could not understand
 * @param forgotten         a dialogue left unfinished too long and erased, until the beneficiary is told so
 * @param held              an answer that reads as a question, held until the beneficiary says which it is
 */
@Document("dialogues")
record DialogueState(@Id String id, String flow, String step, Map<String, String> fields, String language,
                     int misunderstandings, Instant updatedAt, String forgotten, String held) {

    DialogueState {
        fields = fields == null ? Map.of() : Map.copyOf(fields);
    }

    static DialogueState idle(String conversationId) {
        return new DialogueState(conversationId, null, null, Map.of(), null, 0, null, null, null);
    }

    /** No dialogue and nothing misunderstood: after a dialogue ends, is cancelled, or the bot understood. */
    DialogueState cleared(Instant at) {
        return new DialogueState(id, null, null, Map.of(), null, 0, at, null, null);
    }

    /** The answers erased, the dialogue remembered only to tell the beneficiary it was forgotten. */
    DialogueState forgettingAnswers(Instant at) {
        return new DialogueState(id, null, null, Map.of(), language, 0, at, flow, null);
    }

    DialogueState at(String nextStep, Map<String, String> answers, int missed, Instant at) {
        return new DialogueState(id, flow, nextStep, answers, language, missed, at, null, null);
    }

    /** The same step, with {@code answer} held until the beneficiary says whether it is the answer or a question. */
    DialogueState holding(String answer, Instant at) {
        return new DialogueState(id, flow, step, fields, language, misunderstandings, at, null, answer);
    }

    /** Nothing under way, nothing misunderstood, nothing to tell: what a conversation with no stored state is. */
    boolean isIdle() {
        return flow == null && step == null && fields.isEmpty() && misunderstandings == 0 && forgotten == null
                && held == null;
    }

    /** Whether a dialogue is under way but its last answer is older than {@code keep}. */
    boolean leftSince(Instant now, Duration keep) {
        return flow != null && keep != null && updatedAt != null && updatedAt.plus(keep).isBefore(now);
    }
}
