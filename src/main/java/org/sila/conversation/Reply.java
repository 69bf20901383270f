package org.sila.conversation;

import java.util.List;
import java.util.Map;

import org.sila.channel.QuickReply;

/** What the bot or staff want to say to a beneficiary. */
public record Reply(String text, List<QuickReply> quickReplies, Author author, String intent, Double confidence,
                    boolean notification, Map<String, String> details) {

    public Reply {
        quickReplies = quickReplies == null ? List.of() : List.copyOf(quickReplies);
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    public static Reply fromBot(String text, String intent, Double confidence, List<QuickReply> quickReplies) {
        return new Reply(text, quickReplies, Author.BOT, intent, confidence, false, Map.of());
    }

    public static Reply fromStaff(String staffId, String text) {
        return new Reply(text, List.of(), Author.staff(staffId), null, null, false, Map.of());
    }
}
