package org.sila.conversation;

import java.util.List;
import java.util.Map;

import org.sila.channel.QuickReply;

/**
 * What the bot or staff want to say to a beneficiary.
 *
 * @param attachments files already in the store that go with the text (a staff member's decision letter)
 */
public record Reply(String text, List<QuickReply> quickReplies, Author author, String intent, Double confidence,
                    boolean notification, Map<String, String> details, List<StoredAttachment> attachments) {

    public Reply {
        quickReplies = quickReplies == null ? List.of() : List.copyOf(quickReplies);
        details = details == null ? Map.of() : Map.copyOf(details);
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    public Reply(String text, List<QuickReply> quickReplies, Author author, String intent, Double confidence,
                 boolean notification, Map<String, String> details) {
        this(text, quickReplies, author, intent, confidence, notification, details, List.of());
    }

    public static Reply fromBot(String text, String intent, Double confidence, List<QuickReply> quickReplies) {
        return new Reply(text, quickReplies, Author.BOT, intent, confidence, false, Map.of());
    }

    public static Reply fromStaff(String staffId, String text) {
        return new Reply(text, List.of(), Author.staff(staffId), null, null, false, Map.of());
    }

    public Reply withAttachments(List<StoredAttachment> files) {
        return new Reply(text, quickReplies, author, intent, confidence, notification, details, files);
    }
}
