package org.sila.survey;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.apache.lucene.analysis.ar.ArabicNormalizer;
import org.sila.channel.PhoneNumbers;

/**
 * Reads a score from 1 to 5 at the start of a beneficiary's message, and what follows as a comment: a button's
 * payload, a digit (1–5, ١–٥, ۱–۵), a word (ممتاز، جيد جدا، جيد، مقبول، سيء / excellent, very good, good,
 * fair, poor), stars or a face. Anything else is not an answer, so the message goes on to the rules layer.
 */
public final class ScoreParser {

    /** The payload of the buttons a survey offers: {@code survey:1} … {@code survey:5}. */
    public static final String PAYLOAD_PREFIX = "survey:";

    /** Longest first, so "جيد جدا" wins over "جيد"; Arabic keys as {@link #fold} leaves them. */
    private static final List<Map.Entry<String, Integer>> WORDS = List.of(
            Map.entry("جيد جدا", 4), Map.entry("جيده جدا", 4), Map.entry("ممتاز", 5), Map.entry("ممتازه", 5),
            Map.entry("جيد", 3), Map.entry("جيده", 3), Map.entry("مقبول", 2), Map.entry("مقبوله", 2),
            Map.entry("سيء", 1), Map.entry("سيئ", 1), Map.entry("سيئه", 1), Map.entry("سي", 1),
            Map.entry("ضعيف", 1), Map.entry("ضعيفه", 1),
            Map.entry("very good", 4), Map.entry("excellent", 5), Map.entry("good", 3), Map.entry("fair", 2),
            Map.entry("poor", 1), Map.entry("bad", 1));

    private static final Map<String, Integer> FACES = Map.ofEntries(
            Map.entry("😡", 1), Map.entry("😠", 1), Map.entry("😞", 1), Map.entry("😢", 1), Map.entry("👎", 1),
            Map.entry("🙁", 2), Map.entry("☹", 2), Map.entry("😕", 2),
            Map.entry("😐", 3), Map.entry("😶", 3),
            Map.entry("🙂", 4), Map.entry("😊", 4), Map.entry("👍", 4),
            Map.entry("😀", 5), Map.entry("😃", 5), Map.entry("😄", 5), Map.entry("😍", 5), Map.entry("🤩", 5),
            Map.entry("❤", 5), Map.entry("🌹", 5));

    private ScoreParser() {
    }

    public record Score(int value, String comment) {
    }

    public static Optional<Score> parse(String text, String quickReplyPayload) {
        if (quickReplyPayload != null && quickReplyPayload.startsWith(PAYLOAD_PREFIX)) {
            String digit = quickReplyPayload.substring(PAYLOAD_PREFIX.length());
            if (digit.matches("[1-5]")) {
                return Optional.of(new Score(Integer.parseInt(digit), null));
            }
        }
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String stripped = text.strip();
        return digit(stripped).or(() -> stars(stripped)).or(() -> face(stripped)).or(() -> word(stripped));
    }

    private static Optional<Score> digit(String text) {
        String folded = PhoneNumbers.foldDigits(text.substring(0, 1));
        if (!folded.matches("[1-5]") || (text.length() > 1 && !boundary(text.charAt(1)))) {
            return Optional.empty();
        }
        return Optional.of(new Score(Integer.parseInt(folded), comment(text.substring(1))));
    }

    private static Optional<Score> stars(String text) {
        int i = 0;
        int stars = 0;
        while (i < text.length() && (text.charAt(i) == '⭐' || text.charAt(i) == '★' || text.charAt(i) == '\uFE0F')) {
            stars += text.charAt(i) == '\uFE0F' ? 0 : 1;
            i++;
        }
        return stars >= 1 && stars <= 5 ? Optional.of(new Score(stars, comment(text.substring(i))))
                : Optional.empty();
    }

    private static Optional<Score> face(String text) {
        int end = text.offsetByCodePoints(0, 1);
        Integer score = FACES.get(text.substring(0, end));
        if (score == null) {
            return Optional.empty();
        }
        while (end < text.length() && (text.charAt(end) == '\uFE0F' || text.charAt(end) == '\u200D')) {
            end++;
        }
        return Optional.of(new Score(score, comment(text.substring(end))));
    }

    private static Optional<Score> word(String text) {
        String folded = fold(text);
        for (Map.Entry<String, Integer> word : WORDS) {
            if (folded.startsWith(word.getKey())
                    && (folded.length() == word.getKey().length() || folded.charAt(word.getKey().length()) == ' ')) {
                int words = word.getKey().split(" ").length;
                String[] original = text.split("\\s+", words + 1);
                return Optional.of(new Score(word.getValue(), original.length > words ? comment(original[words])
                        : null));
            }
        }
        return Optional.empty();
    }

    /** Lower case, Arabic forms folded (hamza on alef, ta marbuta, alef maqsura, diacritics), punctuation dropped. */
    static String fold(String text) {
        char[] chars = text.strip().toLowerCase(Locale.ROOT).replace('ـ', ' ').toCharArray();
        int length = new ArabicNormalizer().normalize(chars, chars.length);
        return new String(chars, 0, length).replaceAll("[\\p{P}\\p{S}&&[^ء]]+", " ").replaceAll("\\s+", " ").strip();
    }

    private static boolean boundary(char c) {
        return Character.isWhitespace(c) || ".,،:-–)/\\!".indexOf(c) >= 0;
    }

    private static String comment(String rest) {
        String trimmed = rest.replaceFirst("^[\\s\\p{P}\\uFE0F]+", "").strip();
        return trimmed.isEmpty() ? null : trimmed;
    }
}
