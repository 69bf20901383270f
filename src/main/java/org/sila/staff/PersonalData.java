package org.sila.staff;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which roles see which personal data. The national ID is needed by those who check and decide a request; income
 * and health notes only by the researcher and the committee. Everyone else sees a mask, in case fields and in what
 * beneficiaries wrote alike.
 */
public final class PersonalData {

    public enum Kind { NATIONAL_ID, INCOME, HEALTH, OTHER }

    private static final Set<Role> SEE_NATIONAL_ID = Set.of(Role.OFFICER, Role.RESEARCHER, Role.COMMITTEE);
    private static final Set<Role> SEE_SENSITIVE = Set.of(Role.RESEARCHER, Role.COMMITTEE);

    /** A digit as people type it here: Western, Arabic-Indic (٠-٩) or Persian (۰-۹, common on Farsi keyboards). */
    private static final String DIGIT = "[0-9\u0660-\u0669\u06F0-\u06F9]";
    /** Between two digits of one number: nothing, or one space, dash, dot or slash (how IDs get grouped). */
    private static final String GAP = "[ \u00A0\u202F\\-\u2010-\u2015./]?";

    /**
     * A Saudi national ID or iqama (10 digits from 1 or 2) or a Libyan national number (12), as a beneficiary types
     * it in a message, in any of those digits and grouped or not ({@code 1023 456 789}, {@code 1-023-456-789}); not
     * part of a longer number or an international phone. Over-masking a date written the same way is the safe side.
     */
    private static final Pattern ID_IN_TEXT = Pattern.compile("(?<!" + DIGIT + GAP + ")(?<![+])[12\u0661\u0662\u06F1\u06F2]"
            + "(?:" + GAP + DIGIT + "){9}(?:(?:" + GAP + DIGIT + "){2})?(?!" + GAP + DIGIT + ")");

    private PersonalData() {
    }

    /** {@code text} as {@code who} may read it: national ID numbers in it masked unless their role needs them. */
    public static String maskIdNumbers(StaffMember who, String text) {
        return text == null || maySee(who, Kind.NATIONAL_ID) ? text : maskIdNumbers(text);
    }

    /**
     * {@code text} with every national ID number in it masked, keeping its last two digits: for what leaves the
     * console without a role to decide (the measurement centre, its exports and e-mails).
     */
    public static String maskIdNumbers(String text) {
        if (text == null) {
            return null;
        }
        return ID_IN_TEXT.matcher(text).replaceAll(id -> {
            String digits = id.group();
            return "•".repeat(digits.length() - 2) + digits.substring(digits.length() - 2);
        });
    }

    /** What kind of data a case field holds, from its name. */
    public static Kind kindOf(String field) {
        String f = field == null ? "" : field.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
        if (f.contains("nationalid") || f.equals("idnumber") || f.contains("iqama")) {
            return Kind.NATIONAL_ID;
        }
        if (f.contains("income") || f.contains("salary")) {
            return Kind.INCOME;
        }
        if (f.contains("health") || f.contains("medical") || f.contains("disability")) {
            return Kind.HEALTH;
        }
        return Kind.OTHER;
    }

    public static boolean maySee(StaffMember who, Kind kind) {
        return switch (kind) {
            case NATIONAL_ID -> who.roles().stream().anyMatch(SEE_NATIONAL_ID::contains);
            case INCOME, HEALTH -> who.roles().stream().anyMatch(SEE_SENSITIVE::contains);
            case OTHER -> true;
        };
    }

    /**
     * The value as {@code who} may see it: whole, or masked keeping at most the last two characters; free text
     * (a summary, a note) with any ID number in it masked.
     */
    public static String show(StaffMember who, String field, String value) {
        if (value == null) {
            return null;
        }
        if (maySee(who, kindOf(field))) {
            return maskIdNumbers(who, value);
        }
        return kindOf(field) == Kind.NATIONAL_ID && value.length() > 4
                ? "•".repeat(value.length() - 2) + value.substring(value.length() - 2)
                : "••••";
    }
}
