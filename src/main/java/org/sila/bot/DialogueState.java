package org.sila.bot;

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
 */
@Document("dialogues")
record DialogueState(@Id String id, String flow, String step, Map<String, String> fields, String language,
                     int misunderstandings, Instant updatedAt) {

    DialogueState {
        fields = fields == null ? Map.of() : Map.copyOf(fields);
    }

    static DialogueState idle(String conversationId) {
        return new DialogueState(conversationId, null, null, Map.of(), null, 0, null);
    }

    /** No dialogue and nothing misunderstood: after a dialogue ends, is cancelled, or the bot understood. */
    DialogueState cleared(Instant at) {
        return new DialogueState(id, null, null, Map.of(), null, 0, at);
    }
}
