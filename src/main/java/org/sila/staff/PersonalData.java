package org.sila.staff;

import java.util.Locale;
import java.util.Set;

/**
 * Which roles see which personal data. The national ID is needed by those who check and decide a request; income
 * and health notes only by the researcher and the committee. Everyone else sees a mask.
 */
public final class PersonalData {

    public enum Kind { NATIONAL_ID, INCOME, HEALTH, OTHER }

    private static final Set<Role> SEE_NATIONAL_ID = Set.of(Role.OFFICER, Role.RESEARCHER, Role.COMMITTEE);
    private static final Set<Role> SEE_SENSITIVE = Set.of(Role.RESEARCHER, Role.COMMITTEE);

    private PersonalData() {
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
