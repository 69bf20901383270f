package org.sila.bot;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.sila.association.ContentFiles;
import org.sila.channel.PhoneNumbers;

/** Reading a beneficiary's answers: phones, numbers, yes/no, cancel, "why?", and questions asked back. */
final class Answers {

    private static final Pattern REFERENCE = Pattern.compile("([A-Z]{2})-?(\\d{4})-?(\\d{6})");

    /** Up to this many words, a message naming a cancel word is a request to cancel. */
    private static final int SHORT_REQUEST_WORDS = 3;
    /** Up to this many words, "I won't go on" is a request to cancel ("I don't want to continue this"). */
    private static final int NOT_GOING_ON_WORDS = 6;
    /** Up to this many words, a message opening with "I don't know" says only that ("مدري وش رقمي"). */
    private static final int DONT_KNOW_WORDS = 5;

    private final IntentMatcher matcher;
    private final Set<String> yes;
    private final Set<String> no;
    private final Set<String> cancel;
    private final Set<String> why;
    private final Set<String> questionWords;
    private final Set<String> functionWords;
    private final Set<String> wantWords;
    /** Number words, folded, and the number each says. */
    private final Map<String, Integer> numberWords;
    private final Set<String> countWords;
    private final Set<String> andWords;
    private final Set<String> selfWords;
    private final Set<String> ageWords;
    /** What Arabic joins to the front of a word, longest first (answers.yml). */
    private final List<String> joined;
    private final Set<String> dontKnow;
    private final Set<String> goOnWords;
    private final Set<String> negations;
    private final Set<String> goOnLinks;

    /** The word lists of {@code templates/faq/answers.yml} under {@code contentRoot}. */
    Answers(IntentMatcher matcher, Path contentRoot) {
        this.matcher = matcher;
        Map<String, Object> words = ContentFiles.read(contentRoot.resolve("templates/faq/answers.yml"));
        this.yes = folded(words, "yes", matcher::normalise);
        this.no = folded(words, "no", matcher::normalise);
        this.cancel = folded(words, "cancel", matcher::normalise);
        this.why = folded(words, "why", matcher::normalise);
        this.questionWords = folded(words, "questionWords", matcher::fold);
        this.functionWords = folded(words, "functionWords", matcher::fold);
        // Optional, so that an editor's own answers.yml from before these lists still loads.
        this.wantWords = optional(words, "wantWords", matcher::fold);
        this.numberWords = numberWords(words, this::fold);
        this.countWords = optional(words, "countWords", this::fold);
        this.andWords = optional(words, "andWords", this::fold);
        this.selfWords = optional(words, "selfWords", this::fold);
        this.joined = words.get("joined") instanceof List<?> fronts
                ? fronts.stream().map(String::valueOf).map(matcher::fold).toList() : List.of();
        this.ageWords = optional(words, "ageWords", this::fold);
        this.dontKnow = optional(words, "dontKnow", this::fold);
        this.goOnWords = optional(words, "goOnWords", this::fold);
        this.negations = optional(words, "negations", this::fold);
        this.goOnLinks = optional(words, "goOnLinks", this::fold);
    }

    private static Set<String> optional(Map<String, Object> words, String list, Function<String, String> fold) {
        return words.containsKey(list) ? folded(words, list, fold) : Set.of();
    }

    private static Set<String> folded(Map<String, Object> words, String list, Function<String, String> fold) {
        if (!(words.get(list) instanceof List<?> entries) || entries.isEmpty()) {
            throw new IllegalStateException("templates/faq/answers.yml has no list " + list);
        }
        return entries.stream().map(entry -> word(entry, list)).map(fold).filter(w -> !w.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * An entry of a word list. YAML reads an unquoted yes, no, on or off as a boolean: kept, it would be the word
     * "true", and a typed "yes" would not be understood.
     */
    private static String word(Object entry, String list) {
        if (entry instanceof Boolean) {
            throw new IllegalStateException("templates/faq/answers.yml, list " + list + ": an unquoted yes, no, on "
                    + "or off is read as " + entry + ", not as a word; write it in quotes (\"yes\")");
        }
        return String.valueOf(entry);
    }

    private static Map<String, Integer> numberWords(Map<String, Object> words, Function<String, String> fold) {
        Map<String, Integer> numbers = new java.util.HashMap<>();
        if (words.get("numbers") instanceof Map<?, ?> byValue) {
            byValue.forEach((value, list) -> {
                for (Object word : (List<?>) list) {
                    String folded = fold.apply(String.valueOf(word));
                    if (!folded.isEmpty() && !folded.contains(" ")) {
                        numbers.put(folded, Integer.valueOf(String.valueOf(value)));
                    }
                }
            });
        }
        return numbers;
    }

    String fold(String text) {
        return matcher.normalise(text == null ? "" : text);
    }

    /**
     * A cancel word alone, or in a request of a few words ("cancel this please", "بدي الغي"), or a short "I won't go
     * on" ("ما بدي كمل").
     */
    boolean isCancel(String text) {
        String f = fold(text);
        if (cancel.contains(f)) {
            return true;
        }
        String[] words = f.split(" ");
        // A longer message naming a cancel word is about something else ("I could not cancel my appointment").
        return words.length <= SHORT_REQUEST_WORDS && java.util.Arrays.stream(words).anyMatch(cancel::contains)
                || words.length <= NOT_GOING_ON_WORDS && notGoingOn(words);
    }

    /**
     * "I don't want" and nothing after it ("ما بدي", "خلص ما بدي", "I don't want"): where a description is asked for,
     * the beneficiary is leaving, not describing (elsewhere it may be a "no").
     */
    boolean wantsNothing(String text) {
        String[] words = fold(text).split(" ");
        int last = words.length - 1;
        return words.length <= SHORT_REQUEST_WORDS + 1 && last >= 1 && wantWords.contains(words[last])
                && (negations.contains(words[last - 1]) || no.contains(words[last - 1]));
    }

    /** A word of going on with a negation before it, only wanting and links between (see answers.yml). */
    private boolean notGoingOn(String[] words) {
        for (int i = 1; i < words.length; i++) {
            if (!goOnWords.contains(words[i])) {
                continue;
            }
            int before = i - 1;
            boolean wanting = false;
            while (before > 0 && (wantWords.contains(words[before]) || goOnLinks.contains(words[before]))) {
                wanting |= wantWords.contains(words[before]);
                before--;
            }
            if (negations.contains(words[before]) || wanting && no.contains(words[before])) {
                return true;
            }
        }
        return false;
    }

    /** A question back rather than an answer: ends with a question mark or opens with a question word. */
    boolean isQuestion(String text) {
        String t = text == null ? "" : text.strip();
        if (t.endsWith("?") || t.endsWith("؟")) {
            return true;
        }
        String f = matcher.fold(t);
        return questionWords.stream().anyMatch(q -> f.equals(q) || f.startsWith(q + " "));
    }

    /** The words of {@code text} that carry content: those not in the function-word list. */
    int contentWords(String text) {
        String f = matcher.fold(text == null ? "" : text);
        return (int) java.util.Arrays.stream(f.split("\\s+")).filter(w -> !w.isEmpty() && !functionWords.contains(w))
                .count();
    }

    static int words(String text) {
        String t = text == null ? "" : text.strip();
        return t.isEmpty() ? 0 : t.split("\\s+").length;
    }

    /**
     * "Why do you need this?": a short question opening with a why-word. Where a closed answer is asked for (an ID,
     * a phone, a choice: {@code closedAnswer}) also a longer one, or one ending with it ("محتاجين الرقم ده ليه؟");
     * where a description is asked for, a complaint may open with a why-word and is taken as the complaint. A
     * question word alone ("شنو؟", "what?") asks the same: what is this question about?
     */
    boolean isWhy(String text, boolean closedAnswer) {
        String f = fold(text);
        if (why.contains(f) || words(text) <= 4 && why.stream().anyMatch(w -> f.startsWith(w + " "))
                || words(text) == 1 && questionWords.contains(f)) {
            return true;
        }
        return closedAnswer && words(text) <= 8
                && why.stream().anyMatch(w -> f.startsWith(w + " ") || f.endsWith(" " + w));
    }

    /**
     * Whether a question names one of {@code subjects} ("شو بدكن بالهوية؟" names "رقم الهوية"): one of its words holds
     * a word of the subject that is no function word ("رقم" is one), less what is joined to its front, of three
     * letters or more. (Held, not equal: Arabic joins prepositions and pronouns to the word, "بالهوية", "جوالي".
     * Light stems are too short here: "الهوية" stems to "هو", the pronoun.)
     */
    boolean names(String question, List<String> subjects) {
        List<String> asked = List.of(matcher.fold(question).split(" "));
        return subjects.stream().flatMap(s -> java.util.Arrays.stream(matcher.fold(s).split(" ")))
                .filter(w -> !functionWords.contains(w)).map(this::unjoined)
                .filter(core -> core.length() >= 3).anyMatch(core -> asked.stream().anyMatch(w -> w.contains(core)));
    }

    /**
     * Whether a short answer holds a word of {@code title} as {@link #names} finds it ("بدي غير عنواني" holds
     * "العنوان"), with no negation among its words ("مو متزوجة" is no choice of "married").
     */
    boolean holdsWordOf(String answer, String title) {
        String f = fold(answer);
        return words(answer) <= SHORT_REQUEST_WORDS + 1
                && java.util.Arrays.stream(f.split(" ")).noneMatch(w -> negations.contains(w) || no.contains(w))
                && names(answer, List.of(title));
    }

    /** Whether {@code text} opens with a why-word ("ليش ما احد يرد على الهاتف؟"): a complaint often does. */
    boolean opensWithWhy(String text) {
        String f = fold(text);
        return why.stream().anyMatch(w -> f.equals(w) || f.startsWith(w + " "));
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

    /** A phone number as E.164, local numbers read in {@code regions} (the association's, in order). */
    Optional<String> phone(String text, List<String> regions) {
        String digits = digits(text.replace("+", ""));
        if (digits == null) {
            return Optional.empty();
        }
        String raw = text.strip().startsWith("+") ? "+" + digits : digits;
        return PhoneNumbers.toE164(raw, regions);
    }

    Optional<Integer> count(String text, int min, int max) {
        Integer n = number(text);
        return n != null && n >= min && n <= max ? Optional.of(n) : Optional.empty();
    }

    /**
     * The one number a short answer gives, in digits or in words ("٥", "خمسة أفراد", "احنا ستة", "واحد وعشرين",
     * "twelve"); null when it gives none, two ("5 او 6"), or says more than a number ("انا وزوجتي وثلاثة اطفال").
     */
    Integer number(String text) {
        return number(text, countWords);
    }

    /** An age a short answer gives ("٤٥", "عمري ستين", "سبعين سنة", "I am 52"); null as {@link #number}. */
    Integer age(String text) {
        return number(text, ageWords);
    }

    /** @param besides the words that may stand beside the number */
    private Integer number(String text, Set<String> besides) {
        Integer total = null;
        boolean inDigits = false;
        boolean joined = false; // a "و" since the last number word
        boolean after = false; // a word such as "أفراد" since the number
        for (String w : fold(text).split(" ")) {
            boolean digits = w.matches("\\d{1,3}");
            Integer n = digits ? Integer.valueOf(w) : numberWords.get(w);
            if (n == null && w.length() > 2 && andWords.contains(w.substring(0, 1))) {
                n = numberWords.get(w.substring(1)); // "وعشرين": Arabic writes "and" joined to the word
                joined = n != null;
            }
            if (n != null) {
                if (after || total != null && (digits || inDigits || !adds(total, n, joined))) {
                    return null; // a second number
                }
                total = total == null ? n : total + n;
                inDigits = digits;
                joined = false;
            } else if (andWords.contains(w) && total != null) {
                joined = true;
            } else if (among(besides, w)) {
                after = total != null;
            } else if (!w.isEmpty()) {
                return null;
            }
        }
        return total;
    }

    /** Whether {@code w} is one of {@code words}, as written or without what is joined to its front. */
    private boolean among(Set<String> words, String w) {
        return words.contains(w) || words.contains(unjoined(w));
    }

    /** {@code w} without the article, or a preposition and the article, joined to its front ("بالبيت" → "بيت"). */
    private String unjoined(String w) {
        for (String front : joined) {
            if (w.startsWith(front) && w.length() > front.length()) {
                return w.substring(front.length());
            }
        }
        return w;
    }

    /** "I don't know" in a few words: no answer to any step (see answers.yml). */
    boolean isDontKnow(String text) {
        String f = fold(text);
        return words(text) <= DONT_KNOW_WORDS && dontKnow.stream().anyMatch(p -> f.equals(p) || f.startsWith(p + " "));
    }

    /**
     * Whether number words follow each other as one number: "خمسة عشر" (15), "واحد وعشرين" (21), and in English's
     * order "fifty two" (52).
     */
    private static boolean adds(int before, int next, boolean joined) {
        return before < 10 && (next == 10 && !joined || next >= 20 && next % 10 == 0 && joined)
                || before >= 20 && before % 10 == 0 && next < 10 && !joined;
    }

    /** {@code folded} without the words before it that say it is about oneself ("انا ارمله" → "ارمله"). */
    String withoutSelf(String folded) {
        String[] words = folded.split(" ");
        int first = 0;
        while (first < words.length - 1 && selfWords.contains(words[first])) {
            first++;
        }
        return String.join(" ", java.util.Arrays.copyOfRange(words, first, words.length));
    }

    /**
     * A name: letters (any script), at least two words that are not function words, not a question, and not a
     * request (no word of wanting among its first two: "ابغى اتطوع معكم", "I want to volunteer").
     */
    boolean isName(String text) {
        String t = text.strip();
        return t.matches("[\\p{L}\\p{M}\\s'.-]{3,80}") && words(t) >= 2 && words(t) <= 8
                && contentWords(t) >= 2 && !isQuestion(t) && !asksFor(t);
    }

    /** A request: its first words say what the beneficiary wants ("عايز اعرف المواعيد"). */
    boolean asksFor(String text) {
        return java.util.Arrays.stream(matcher.fold(text).split(" ")).limit(2).anyMatch(wantWords::contains);
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
