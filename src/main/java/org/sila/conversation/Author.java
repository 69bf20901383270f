package org.sila.conversation;

import java.util.Locale;

/** Who wrote a message: the beneficiary, the bot, or a staff member (with their id). */
public record Author(Type type, String id) {

    public enum Type { BENEFICIARY, BOT, STAFF, SYSTEM }

    public static final Author BENEFICIARY = new Author(Type.BENEFICIARY, null);
    public static final Author BOT = new Author(Type.BOT, null);
    public static final Author SYSTEM = new Author(Type.SYSTEM, null);

    public static Author staff(String staffId) {
        return new Author(Type.STAFF, staffId);
    }

    /** The lower-case name APIs show: {@code beneficiary}, {@code bot}, {@code staff}, {@code system}. */
    public String label() {
        return type.name().toLowerCase(Locale.ROOT);
    }
}
