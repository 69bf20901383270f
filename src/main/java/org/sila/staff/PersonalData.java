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

    /**
     * A Saudi national ID or iqama (10 digits from 1 or 2) or a Libyan national number (12), as a beneficiary types
     * it in a message, in Western or Arabic-Indic digits; not part of a longer number or an international phone.
     */
    private static final Pattern ID_IN_TEXT =
            Pattern.compile("(?<![0-9٠-٩+])[12١٢][0-9٠-٩]{9}(?:[0-9٠-٩]{2})?(?![0-9٠-٩])");

    private PersonalData() {
    }

    /** {@code text} as {@code who} may read it: national ID numbers in it masked, keeping their last two digits. */
    public static String maskIdNumbers(StaffMember who, String text) {
        if (text == null || maySee(who, Kind.NATIONAL_ID)) {
            return text;
        }
        return ID_IN_TEXT.matcher(text).replaceAll(id -> "•".repeat(id.group().length() - 2)
                + id.group().substring(id.group().length() - 2));
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

    /** The value as {@code who} may see it: whole, or masked keeping at most the last two characters. */
    public static String show(StaffMember who, String field, String value) {
        if (value == null || maySee(who, kindOf(field))) {
            return value;
        }
        return kindOf(field) == Kind.NATIONAL_ID && value.length() > 4
                ? "•".repeat(value.length() - 2) + value.substring(value.length() - 2)
                : "••••";
    }
}
