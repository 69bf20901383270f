package org.sila.console.internal;

import java.time.Instant;
import java.util.List;

import org.sila.casework.Case;
import org.sila.casework.Transition;
import org.sila.conversation.Conversation;
import org.sila.conversation.Message;

/** What the console's templates read (public: the template engine reads them by reflection). */
public final class Views {

    private Views() {
    }

    public record InboxRow(Conversation conversation, String name, String preview, Instant waitingSince) {
    }

    public record HistoryItem(Message message, boolean current) {
    }

    public record Field(String name, String value) {
    }

    public record CaseRow(Case c, String beneficiaryName, Instant due, boolean overdue) {
    }

    public record CaseView(Case c, String beneficiaryName, Instant due, boolean overdue, List<Field> fields,
                           List<Field> criteria, List<Transition> moves) {
    }
}
