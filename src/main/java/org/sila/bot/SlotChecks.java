package org.sila.bot;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.sila.association.AssociationProfile;
import org.sila.association.Language;
import org.sila.association.Templates;
import org.sila.bot.DialogueScripts.StepSpec;
import org.sila.bot.IntentMatcher.Decision;

/**
 * The checks a dialogue step names in {@code dialogues.yml}. A check refuses what is implausible for the slot — a
 * question asked back, the phrase that started the dialogue, a "name" made of function words — so the beneficiary
 * is told what is expected instead of the bot filing it.
 */
final class SlotChecks {

    static final Set<String> NAMES = Set.of("name", "id-number", "phone", "place", "count", "choice", "programme",
            "yes-no", "text", "text-or-files", "reference", "new-value");
    /** A short phrase the knowledge base is sure of, where a description was asked for, is a digression. */
    static final int INTENT_PHRASE_WORDS = 5;
    /** How sure the knowledge base must be before an answer counts as a known question or intent phrase. */
    static final double CONFIDENT = 0.6;

    /** What the beneficiary said, with what the knowledge base made of it (null for a button). */
    record Answer(String text, String payload, List<String> files, Decision decision, Language language,
                  String intent) {
        boolean confidentlyIs(String someIntent) {
            return decision != null && decision.kind() == IntentMatcher.Kind.MATCHED
                    && decision.confidence() >= CONFIDENT && decision.intent().equals(someIntent);
        }
    }

    /** Up to this many words, an answer opening with a choice is that choice ("أرملة الله يرحمه"). */
    private static final int CHOICE_THEN_WORDS = 4;

    /** A choice offered as a button. */
    record Option(String id, String title) {
    }

    private final Answers answers;
    private final Templates templates;
    private final AssociationProfile profile;

    SlotChecks(Answers answers, Templates templates, AssociationProfile profile) {
        this.answers = answers;
        this.templates = templates;
        this.profile = profile;
    }

    /** Whether the check takes a description in free words (not a closed answer, a proper name, or a list of files). */
    static boolean describes(String check) {
        return Set.of("text", "new-value").contains(check);
    }

    /** The value to keep, or empty: the step's {@code invalid} template then says what is expected. */
    Optional<String> check(StepSpec step, Answer a, Map<String, String> fields) {
        String text = a.text().strip();
        return switch (step.check()) {
            case "name" -> answers.isName(text) ? Optional.of(text) : Optional.empty();
            case "id-number" -> Optional.ofNullable(answers.digits(text)).filter(profile.idNumber()::accepts);
            case "phone" -> answers.phone(text, profile.phoneRegions());
            case "place" -> Answers.hasWords(text, 2) && answers.digits(text) == null && !answers.isQuestion(text)
                    && answers.contentWords(text) >= 1 && Answers.words(text) <= 6 ? Optional.of(text) : Optional.empty();
            case "count" -> answers.count(text, orElse(step.min(), 0), orElse(step.max(), 999)).map(String::valueOf);
            case "choice", "programme" -> pick(a, step);
            case "yes-no" -> answers.yesNo(text, a.payload()).map(String::valueOf);
            case "text" -> Answers.hasWords(text, orElse(step.min(), 2)) && answers.contentWords(text) >= 1
                    && !ownIntentPhrase(a) ? Optional.of(text) : Optional.empty();
            case "text-or-files" -> {
                String names = templates.list(a.files(), a.language());
                yield text.isEmpty() && names.isEmpty() ? Optional.empty()
                        : Optional.of(names.isEmpty() ? text : (text.isEmpty() ? names : text + " — " + names));
            }
            case "reference" -> answers.reference(text);
            case "new-value" -> "phone".equals(fields.get("field")) ? answers.phone(text, profile.phoneRegions())
                    : Answers.hasWords(text, 2) && !ownIntentPhrase(a) ? Optional.of(text) : Optional.empty();
            default -> throw new IllegalStateException("Unknown check " + step.check());
        };
    }

    /**
     * The dialogue's own request said again instead of its content ("ابي اقدم شكوى" when asked for the complaint):
     * the knowledge base is confident, and besides function words it has at most one word (the topic).
     */
    private boolean ownIntentPhrase(Answer a) {
        return answers.contentWords(a.text()) <= 1 && a.confidentlyIs(a.intent());
    }

    /** The step's options, titled in {@code language}: listed ones, or the profile's programmes. */
    List<Option> options(StepSpec step, Language language) {
        return switch (step.check()) {
            case "yes-no" -> List.of(new Option("yes", templates.text("answer.yes", language)),
                    new Option("no", templates.text("answer.no", language)));
            case "programme" -> profile.programmes().stream()
                    .map(p -> new Option(p.id(), p.in(language))).toList();
            case "choice" -> step.options().stream()
                    .map(id -> new Option(id, templates.text(step.optionTitles() + id, language))).toList();
            default -> List.of();
        };
    }

    /** An option by its button, its number in the list, or its title as written in either language. */
    private Optional<String> pick(Answer a, StepSpec step) {
        List<Option> options = options(step, a.language());
        for (Option o : options) {
            if (o.id().equals(a.payload())) {
                return Optional.of(o.id());
            }
        }
        Optional<Integer> n = answers.count(a.text(), 1, options.size());
        if (n.isPresent()) {
            return Optional.of(options.get(n.get() - 1).id());
        }
        String said = answers.fold(a.text());
        String saidOfSelf = answers.withoutSelf(said);
        Optional<String> titled = anyOption(step, o -> {
            String title = answers.fold(o.title());
            // "Widowed" is also "I'm a widow": the title holds the answer said of oneself.
            return !said.isEmpty() && (title.equals(said) || title.contains(said) && said.length() >= 3
                    || title.contains(saidOfSelf) && saidOfSelf.length() >= 4
                    || forms(o.title()).stream().map(answers::fold).anyMatch(saidOfSelf::equals));
        });
        if (titled.isPresent()) {
            return titled;
        }
        // The choice first, then a few words more: "أرملة الله يرحمه".
        String first = saidOfSelf.split(" ")[0];
        if (Answers.words(saidOfSelf) <= CHOICE_THEN_WORDS) {
            Optional<String> opening = anyOption(step,
                    o -> forms(o.title()).stream().map(answers::fold).anyMatch(first::equals));
            if (opening.isPresent()) {
                return opening;
            }
        }
        // One option named among a few words: "بدي غير عنواني" (the address), "my phone number".
        Set<String> named = new LinkedHashSet<>();
        for (Language l : Language.values()) {
            options(step, l).stream().filter(o -> answers.holdsWordOf(a.text(), o.title()))
                    .forEach(o -> named.add(o.id()));
        }
        if (named.size() == 1) {
            return Optional.of(named.iterator().next());
        }
        return inRange(options, answers.age(a.text()));
    }

    /** The first of the step's options, titled in any language, that passes {@code test}. */
    private Optional<String> anyOption(StepSpec step, java.util.function.Predicate<Option> test) {
        for (Language l : Language.values()) {
            for (Option o : options(step, l)) {
                if (test.test(o)) {
                    return Optional.of(o.id());
                }
            }
        }
        return Optional.empty();
    }

    /** Options that are ranges ({@code under18}, {@code 18to39}, {@code 60plus}) also take a number in them. */
    private static final java.util.regex.Pattern RANGE = java.util.regex.Pattern
            .compile("under(\\d+)|(\\d+)to(\\d+)|(\\d+)plus");

    /** The option whose range holds {@code n} ("عمري ستين" is {@code 60plus}); empty when none does. */
    static Optional<String> inRange(List<Option> options, Integer n) {
        if (n == null) {
            return Optional.empty();
        }
        for (Option o : options) {
            var m = RANGE.matcher(o.id());
            if (m.matches() && (m.group(1) != null && n < Integer.parseInt(m.group(1))
                    || m.group(2) != null && n >= Integer.parseInt(m.group(2)) && n <= Integer.parseInt(m.group(3))
                    || m.group(4) != null && n >= Integer.parseInt(m.group(4)))) {
                return Optional.of(o.id());
            }
        }
        return Optional.empty();
    }

    /**
     * The forms a title gives for both genders: "أرمل/ة" is أرمل and أرملة, "أعزب/عزباء" أعزب and عزباء (a part of a
     * letter or two is an ending of the first).
     */
    static List<String> forms(String title) {
        String[] parts = title.split("/");
        List<String> forms = new java.util.ArrayList<>(List.of(parts[0].strip()));
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i].strip();
            forms.add(part.length() <= 2 ? parts[0].strip() + part : part);
        }
        return forms;
    }

    private static int orElse(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
