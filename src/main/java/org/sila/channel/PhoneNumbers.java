package org.sila.channel;

import java.util.List;
import java.util.Optional;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;

/**
 * Phone numbers in E.164. Local numbers are read against the association's default regions in order
 * (Saudi Arabia, then Libya, unless configured otherwise), so "0501234567" and "+966 50 123 4567" are one person.
 */
public final class PhoneNumbers {

    public static final List<String> DEFAULT_REGIONS = List.of("SA", "LY");

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private PhoneNumbers() {
    }

    /** The E.164 form of {@code raw}, or empty when it is no valid number in any of {@code regions}. */
    public static Optional<String> toE164(String raw, List<String> regions) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        String digits = foldDigits(raw.strip());
        if (digits.startsWith("00")) {
            digits = "+" + digits.substring(2);
        }
        for (String region : digits.startsWith("+") ? List.of("ZZ") : regions) {
            try {
                var number = UTIL.parse(digits, region);
                if (UTIL.isValidNumber(number)) {
                    return Optional.of(UTIL.format(number, PhoneNumberFormat.E164));
                }
            } catch (NumberParseException e) {
                // not a number in this region: try the next
            }
        }
        return Optional.empty();
    }

    public static Optional<String> toE164(String raw) {
        return toE164(raw, DEFAULT_REGIONS);
    }

    /** The country (ISO 3166 code) of an E.164 number, or empty when it is none. */
    public static Optional<String> region(String e164) {
        try {
            return Optional.ofNullable(UTIL.getRegionCodeForNumber(UTIL.parse(e164, "ZZ")))
                    .filter(r -> !"ZZ".equals(r));
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    /** Arabic-Indic (٠-٩) and Persian (۰-۹) digits to ASCII (phone numbers, menu answers, references). */
    public static String foldDigits(String s) {
        var out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '\u0660' && c <= '\u0669') {
                out.append((char) ('0' + c - '\u0660'));
            } else if (c >= '\u06F0' && c <= '\u06F9') {
                out.append((char) ('0' + c - '\u06F0'));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
