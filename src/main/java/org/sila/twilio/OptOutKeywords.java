package org.sila.twilio;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The whole-message keywords that stop and restart notifications: Twilio's own (which Twilio also reports as
 * {@code OptOutType}) and their Arabic counterparts. Only a message that is nothing but the keyword counts, so
 * "أريد إيقاف الطلب" is a message for staff, not an opt-out.
 */
final class OptOutKeywords {

    private static final Set<String> STOP = Set.of("stop", "stopall", "unsubscribe", "cancel", "end", "quit",
            "optout", "revoke", "ايقاف", "توقف", "اوقف", "الغاء الاشتراك");
    private static final Set<String> START = Set.of("start", "yes", "unstop", "ابدا", "اشتراك", "تفعيل");

    private OptOutKeywords() {
    }

    /** {@code true}: opts out; {@code false}: opts back in; empty: an ordinary message. */
    static Optional<Boolean> of(String body, String optOutType) {
        if (optOutType != null) {
            switch (optOutType.strip().toUpperCase(Locale.ROOT)) {
                case "STOP" -> {
                    return Optional.of(true);
                }
                case "START" -> {
                    return Optional.of(false);
                }
                default -> { }
            }
        }
        String word = normalise(body);
        if (STOP.contains(word)) {
            return Optional.of(true);
        }
        if (START.contains(word)) {
            return Optional.of(false);
        }
        return Optional.empty();
    }

    /** Lower case, hamza forms of alef folded, diacritics, tatweel and punctuation dropped. */
    static String normalise(String body) {
        if (body == null) {
            return "";
        }
        String s = body.strip().toLowerCase(Locale.ROOT)
                .replaceAll("[\\u064B-\\u065F\\u0670\\u0640]", "")
                .replaceAll("[أإآٱ]", "ا")
                .replaceAll("[\\p{P}\\p{S}]+", " ");
        return s.replaceAll("\\s+", " ").strip();
    }
}
