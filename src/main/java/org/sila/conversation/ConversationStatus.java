package org.sila.conversation;

public enum ConversationStatus {
    /** The rules layer answers. */
    BOT,
    /** Handed to staff, nobody has taken it yet. */
    WAITING,
    /** A staff member has it. */
    ASSIGNED,
    RESOLVED
}
