package org.sila.bot;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.sila.channel.PhoneNumbers;

/** Reading a beneficiary's answers: IDs with their check digit, phones, numbers, yes/no, cancel. */
final class Answers {

    private static final Pattern REFERENCE = Pattern.compile("([A-Z]{2})-?(\\d{4})-?(\\d{6})");

    private final IntentMatcher matcher;
    private final Set<String> yes;
    private final Set<String> no;
    private final Set<String> cancel;
    private final Set<String> why;

    Answers(IntentMatcher matcher) {
        this.matcher = matcher;
        this.yes = folded("نعم", "ايوه", "ايوا", "اي", "ايه", "اه", "أكيد", "موافق", "موافقة", "أوافق", "اوكي", "تمام",
                "صح", "بلى", "yes", "y", "ok", "okay", "sure", "agree", "i agree", "na3am", "aywa");
        this.no = folded("لا", "لأ", "لاء", "كلا", "مو موافق", "غير موافق", "ما اوافق", "no", "n", "nope", "la");
        this.cancel = folded("إلغاء", "الغاء", "ألغي", "الغي", "الغ", "إلغاء الطلب", "الغاء العملية", "خروج", "cancel",
                "stop", "quit", "exit", "el8a2", "elgha2");
        this.why = folded("لماذا", "ليش", "علاش", "لمه", "ليه", "why", "why?", "what for");
    }

    private Set<String> folded(String... words) {
        return java.util.Arrays.stream(words).map(matcher::normalise).collect(Collectors.toSet());
    }

    String fold(String text) {
        return matcher.normalise(text == null ? "" : text);
    }

    boolean isCancel(String text) {
        return cancel.contains(fold(text));
    }

    boolean isWhy(String text) {
        String f = fold(text);
        return why.contains(f) || why.stream().anyMatch(w -> f.startsWith(w + " "));
    }

    /** True for yes, false for no, empty when neither. */
    Optional<Boolean> yesNo(String text, String payload) {
        if ("yes".equals(payload)) {
            return Optional.of(true);
        }
        if ("no".equals(payload)) {
            return Optional.of(false);
        }
        String f = fold(text);
        if (yes.contains(f) || yes.stream().anyMatch(y -> f.startsWith(y + " "))) {
            return Optional.of(true);
        }
        if (no.contains(f) || no.stream().anyMatch(n -> f.startsWith(n + " "))) {
            return Optional.of(false);
        }
        return Optional.empty();
    }

    /** The digits of an answer, Arabic-Indic digits folded, spaces and dashes ignored; null when not all digits. */
    String digits(String text) {
        String f = fold(text).replaceAll("[\\s\\-.]", "");
        return f.matches("\\d+") ? f : null;
    }

    /** A Saudi national ID (starts with 1) or iqama (starts with 2): ten digits, the last a Luhn check digit. */
    static boolean isSaudiId(String digits) {
        if (digits == null || !digits.matches("[12]\\d{9}")) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 10; i++) {
            int d = digits.charAt(i) - '0';
            if (i % 2 == 0) {
                d *= 2;
                d = d > 9 ? d - 9 : d;
            }
            sum += d;
        }
        return sum % 10 == 0;
    }

    /** A Libyan national number: twelve digits. */
    static boolean isLibyanNationalNumber(String digits) {
        return digits != null && digits.matches("\\d{12}");
    }

    Optional<String> phone(String text, String country) {
        String digits = digits(text.replace("+", ""));
        if (digits == null) {
            return Optional.empty();
        }
        String raw = text.strip().startsWith("+") ? "+" + digits : digits;
        return PhoneNumbers.toE164(raw, List.of(country, "SA", "LY"));
    }

    Optional<Integer> count(String text, int min, int max) {
        String d = digits(text);
        if (d == null || d.length() > 3) {
            return Optional.empty();
        }
        int n = Integer.parseInt(d);
        return n >= min && n <= max ? Optional.of(n) : Optional.empty();
    }

    /** A name: letters (any script), at least two words. */
    static boolean isName(String text) {
        String t = text.strip();
        return t.matches("[\\p{L}\\p{M}\\s'.-]{3,80}") && t.split("\\s+").length >= 2;
    }

    static boolean hasWords(String text, int minLetters) {
        return text.codePoints().filter(Character::isLetter).count() >= minLetters;
    }

    Optional<String> reference(String text) {
        String f = fold(text).toUpperCase(Locale.ROOT).replace(" ", "");
        var m = REFERENCE.matcher(f);
        return m.find() ? Optional.of(m.group(1) + "-" + m.group(2) + "-" + m.group(3)) : Optional.empty();
    }
}
