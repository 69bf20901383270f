package org.sila.bot;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import org.sila.association.AssociationProfile;
import org.sila.association.Language;
import org.sila.association.Templates;
import org.sila.casework.Attestation;
import org.sila.casework.Case;
import org.sila.casework.CaseService;
import org.sila.casework.CaseType;
import org.sila.casework.OpenCase;
import org.sila.channel.QuickReply;
import org.sila.conversation.Beneficiary;
import org.sila.conversation.Conversation;
import org.sila.conversation.ConversationService;
import org.sila.conversation.Message;

/**
 * The intake dialogues, one question at a time: the application (the policy's procedure, ending with the
 * applicant's attestation and the committee's answer time), complaint, suggestion, volunteer sign-up,
 * compensation claim, data update, service rating and request status. Each answer is checked; a wrong one is
 * explained and asked again. State lives in {@link DialogueState}, so a dialogue resumes on any worker.
 */
final class Dialogues {

    /** What the beneficiary said, in the dialogue's language. */
    record Turn(Message message, Conversation conversation, String text, String payload, Language language) {
    }

    /** A checked answer: the value to keep, or the template explaining what is wrong. */
    record Result(String value, String errorKey, boolean why) {
        static Result ok(String value) {
            return new Result(value, null, false);
        }

        static Result invalid(String errorKey) {
            return new Result(null, errorKey, false);
        }
    }

    interface Check {
        Result check(Turn turn, Map<String, String> fields);
    }

    record Option(String id, String titleKey) {
    }

    record Step(String field, String promptKey, Check check, List<Option> options,
                Predicate<Map<String, String>> skip) {
        Step(String field, String promptKey, Check check) {
            this(field, promptKey, check, List.of(), f -> false);
        }
    }

    record Flow(String id, String intent, CaseType caseType, String introKey, List<Step> steps, String doneKey,
                boolean attest) {
    }

    /** What the dialogue wants said, and whether the conversation must go to staff. */
    record Outcome(String text, List<QuickReply> quickReplies, DialogueState state, boolean handoff) {
    }

    private static final String ATTEST = "attest";
    static final int MAX_MISUNDERSTANDINGS = 3;

    private final Templates templates;
    private final Answers answers;
    private final CaseService cases;
    private final ConversationService conversations;
    private final Clock clock;
    private final Map<String, Flow> flows = new LinkedHashMap<>();

    Dialogues(Templates templates, Answers answers, CaseService cases, ConversationService conversations,
              Clock clock) {
        this.templates = templates;
        this.answers = answers;
        this.cases = cases;
        this.conversations = conversations;
        this.clock = clock;
        define();
    }

    private AssociationProfile profile() {
        return templates.profile();
    }

    private void define() {
        Check text = (t, f) -> Answers.hasWords(t.text(), 2) ? Result.ok(t.text().strip()) : null;
        boolean libya = "LY".equals(profile().country());
        List<Option> programmes = profile().programmes().stream()
                .map(p -> new Option(p.id(), null)).toList();
        flows.put("apply-support", new Flow("application", "apply-support", CaseType.SUPPORT_REQUEST, "apply.start",
                List.of(
                        new Step("name", "apply.ask.name", (t, f) -> Answers.isName(t.text())
                                ? Result.ok(t.text().strip()) : Result.invalid("apply.invalid.name")),
                        new Step("nationalId", libya ? "apply.ask.nationalIdLY" : "apply.ask.nationalId", (t, f) -> {
                            if (answers.isWhy(t.text())) {
                                return new Result(null, "apply.why.nationalId", true);
                            }
                            String d = answers.digits(t.text());
                            boolean valid = libya ? Answers.isLibyanNationalNumber(d) : Answers.isSaudiId(d);
                            return valid ? Result.ok(d)
                                    : Result.invalid(libya ? "apply.invalid.nationalIdLY" : "apply.invalid.nationalId");
                        }),
                        phoneStep("apply.ask.phone"),
                        new Step("city", "apply.ask.city", (t, f) -> Answers.hasWords(t.text(), 2)
                                && answers.digits(t.text()) == null ? Result.ok(t.text().strip())
                                : Result.invalid("apply.invalid.city")),
                        new Step("familySize", "apply.ask.familySize", (t, f) -> answers.count(t.text(), 1, 40)
                                .map(n -> Result.ok(n.toString())).orElse(Result.invalid("apply.invalid.familySize"))),
                        choice("socialStatus", "apply.ask.socialStatus", "option.socialStatus.",
                                "married", "single", "widowed", "divorced"),
                        choice("ageGroup", "apply.ask.ageGroup", "option.ageGroup.",
                                "under18", "18to39", "40to59", "60plus"),
                        new Step("programme", "apply.ask.programme", this::programme, programmes,
                                f -> profile().programmes().size() < 2),
                        new Step("need", "apply.ask.need", (t, f) -> Answers.hasWords(t.text(), 3)
                                ? Result.ok(t.text().strip()) : Result.invalid("apply.invalid.need")),
                        new Step("documents", "apply.ask.documents", (t, f) -> {
                            String names = String.join("، ", t.message().attachments().stream()
                                    .map(a -> a.fileName()).toList());
                            String said = t.text().strip();
                            return Result.ok(names.isEmpty() ? said : (said.isEmpty() ? names : said + " — " + names));
                        })),
                "apply.done", true));
        flows.put("complaint", new Flow("complaint", "complaint", CaseType.COMPLAINT, "complaint.start", List.of(
                yesNo("anonymous", "complaint.ask.anonymous"),
                yesNo("aboutStaff", "complaint.ask.aboutStaff"),
                new Step("text", "complaint.ask.text", orInvalid(text, "complaint.invalid.text"))),
                "complaint.done", false));
        flows.put("suggestion", new Flow("suggestion", "suggestion", CaseType.SUGGESTION, null, List.of(
                new Step("text", "suggestion.ask.text", orInvalid(text, "suggestion.invalid.text"))),
                "suggestion.done", false));
        flows.put("volunteer", new Flow("volunteer", "volunteer", CaseType.VOLUNTEER, null, List.of(
                new Step("name", "volunteer.ask.name", (t, f) -> Answers.isName(t.text())
                        ? Result.ok(t.text().strip()) : Result.invalid("apply.invalid.name")),
                phoneStep("volunteer.ask.phone"),
                new Step("interest", "volunteer.ask.interest", orInvalid(text, "volunteer.invalid.interest"))),
                "volunteer.done", false));
        flows.put("compensation", new Flow("compensation", "compensation", CaseType.COMPENSATION,
                "compensation.start", List.of(
                new Step("text", "compensation.ask.text", orInvalid(text, "compensation.invalid.text")),
                phoneStep("compensation.ask.phone")),
                "compensation.done", false));
        flows.put("update-data", new Flow("update-data", "update-data", CaseType.DATA_UPDATE, null, List.of(
                choice("field", "update.ask.field", "update.option.", "phone", "address", "other"),
                new Step("value", "update.ask.value", (t, f) -> {
                    if ("phone".equals(f.get("field"))) {
                        return answers.phone(t.text(), profile().country()).map(Result::ok)
                                .orElse(Result.invalid("apply.invalid.phone"));
                    }
                    return Answers.hasWords(t.text(), 2) ? Result.ok(t.text().strip())
                            : Result.invalid("update.invalid.value");
                })),
                "update.done", false));
        flows.put("request-status", new Flow("request-status", "request-status", null, null, List.of(
                new Step("reference", "status.ask.reference", (t, f) -> answers.reference(t.text()).map(Result::ok)
                        .orElse(Result.invalid("status.invalid.reference"))),
                new Step("phone", "status.ask.phone", (t, f) -> answers.phone(t.text(), profile().country())
                        .map(Result::ok).orElse(Result.invalid("apply.invalid.phone")))),
                null, false));
    }

    private Step phoneStep(String promptKey) {
        return new Step("phone", promptKey, (t, f) -> answers.phone(t.text(), profile().country()).map(Result::ok)
                .orElse(Result.invalid("apply.invalid.phone")));
    }

    private static Check orInvalid(Check check, String errorKey) {
        return (t, f) -> {
            Result r = check.check(t, f);
            return r == null ? Result.invalid(errorKey) : r;
        };
    }

    private Step yesNo(String field, String promptKey) {
        return new Step(field, promptKey, (t, f) -> answers.yesNo(t.text(), t.payload())
                .map(b -> Result.ok(b.toString())).orElse(Result.invalid("dialogue.invalid-yes-no")),
                List.of(new Option("yes", "answer.yes"), new Option("no", "answer.no")), f -> false);
    }

    private Step choice(String field, String promptKey, String titlePrefix, String... ids) {
        List<Option> options = java.util.Arrays.stream(ids).map(id -> new Option(id, titlePrefix + id)).toList();
        return new Step(field, promptKey, (t, f) -> pick(t, options).map(Result::ok)
                .orElse(Result.invalid("dialogue.invalid-choice")), options, f -> false);
    }

    private Result programme(Turn t, Map<String, String> fields) {
        List<Option> options = profile().programmes().stream().map(p -> new Option(p.id(), null)).toList();
        return pick(t, options).map(Result::ok).orElse(Result.invalid("dialogue.invalid-choice"));
    }

    /** An option by its button, its number in the list, or its title as written. */
    private Optional<String> pick(Turn t, List<Option> options) {
        for (Option o : options) {
            if (o.id().equals(t.payload())) {
                return Optional.of(o.id());
            }
        }
        String said = answers.fold(t.text());
        Optional<Integer> n = answers.count(t.text(), 1, options.size());
        if (n.isPresent()) {
            return Optional.of(options.get(n.get() - 1).id());
        }
        for (Option o : options) {
            for (Language l : Language.values()) {
                String title = answers.fold(title(o, l));
                if (!said.isEmpty() && (title.equals(said) || title.contains(said) && said.length() >= 3)) {
                    return Optional.of(o.id());
                }
            }
        }
        return Optional.empty();
    }

    private String title(Option o, Language language) {
        if (o.titleKey() != null) {
            return templates.text(o.titleKey(), language);
        }
        return profile().programmes().stream().filter(p -> p.id().equals(o.id())).findFirst()
                .map(p -> p.in(language)).orElse(o.id());
    }

    boolean has(String intent) {
        return flows.containsKey(intent);
    }

    String intentOf(DialogueState state) {
        return flows.values().stream().filter(f -> f.id().equals(state.flow())).findFirst()
                .map(Flow::intent).orElse(state.flow());
    }

    private Flow flow(DialogueState state) {
        return flows.values().stream().filter(f -> f.id().equals(state.flow())).findFirst().orElseThrow();
    }

    // ---- running a dialogue ----------------------------------------------------------------------------------

    Outcome start(String intent, Turn turn, DialogueState state) {
        Flow flow = flows.get(intent);
        if ("request-status".equals(intent) && turn.message().beneficiaryId() != null) {
            List<Case> own = cases.ofBeneficiary(turn.message().beneficiaryId());
            if (!own.isEmpty()) {
                return done(listCases(own, turn.language()), state);
            }
        }
        Map<String, String> fields = new LinkedHashMap<>();
        Step first = next(flow, fields, null);
        String intro = flow.introKey() == null ? null : templates.text(flow.introKey(), turn.language(),
                Map.of("policy", templates.text(profile().hasPolicy("compensation")
                        ? "compensation.policy" : "compensation.no-policy", turn.language())));
        var started = new DialogueState(state.id(), flow.id(), first.field(), fields, turn.language().code(), 0,
                clock.instant());
        return ask(first, turn.language(), started, intro, null);
    }

    Outcome answer(Turn turn, DialogueState state) {
        Flow flow = flow(state);
        if (ATTEST.equals(state.step())) {
            return attest(flow, turn, state);
        }
        Step step = flow.steps().stream().filter(s -> s.field().equals(state.step())).findFirst().orElseThrow();
        Result result = step.check().check(turn, state.fields());
        if (result.why()) {
            return ask(step, turn.language(), state, templates.text(result.errorKey(), turn.language()), null);
        }
        if (result.value() == null) {
            int missed = state.misunderstandings() + 1;
            var after = withMisses(state, missed);
            if (missed >= MAX_MISUNDERSTANDINGS) {
                return new Outcome(null, List.of(), after, true);
            }
            return ask(step, turn.language(), after, null, result.errorKey());
        }
        Map<String, String> fields = new LinkedHashMap<>(state.fields());
        fields.put(step.field(), result.value());
        Step next = next(flow, fields, step);
        if (next != null) {
            return ask(next, turn.language(), new DialogueState(state.id(), state.flow(), next.field(), fields,
                    state.language(), 0, clock.instant()), null, null);
        }
        if (flow.attest()) {
            var attesting = new DialogueState(state.id(), state.flow(), ATTEST, fields, state.language(), 0,
                    clock.instant());
            String text = templates.text("apply.summary", turn.language(), Map.of("summary",
                    summary(flow, fields, turn.language()))) + "\n\n" + templates.text("apply.attest", turn.language());
            return new Outcome(text, yesNoButtons(turn.language()), attesting, false);
        }
        return finish(flow, turn, fields, state, null);
    }

    private Outcome attest(Flow flow, Turn turn, DialogueState state) {
        Optional<Boolean> agreed = answers.yesNo(turn.text(), turn.payload());
        if (agreed.isEmpty()) {
            int missed = state.misunderstandings() + 1;
            if (missed >= MAX_MISUNDERSTANDINGS) {
                return new Outcome(null, List.of(), withMisses(state, missed), true);
            }
            return new Outcome(templates.text("dialogue.invalid-yes-no", turn.language()) + "\n\n"
                    + templates.text("apply.attest", turn.language()), yesNoButtons(turn.language()),
                    withMisses(state, missed), false);
        }
        if (!agreed.get()) {
            return done(templates.text("apply.declined", turn.language()), state);
        }
        var attestation = new Attestation(templates.text("apply.attest", turn.language()),
                turn.text() == null || turn.text().isBlank() ? turn.payload() : turn.text(),
                turn.message().channel(), clock.instant());
        return finish(flow, turn, state.fields(), state, attestation);
    }

    private Outcome finish(Flow flow, Turn turn, Map<String, String> fields, DialogueState state,
                           Attestation attestation) {
        Language language = turn.language();
        if ("request-status".equals(flow.intent())) {
            return done(status(fields, language), state);
        }
        boolean anonymous = Boolean.parseBoolean(fields.getOrDefault("anonymous", "false"));
        Instant now = clock.instant();
        Case opened = cases.open(new OpenCase(flow.caseType(), anonymous ? null : turn.message().beneficiaryId(),
                turn.conversation().id(), turn.message().channel(), fields, anonymous, null, attestation,
                flow.caseType() == CaseType.SUPPORT_REQUEST ? profile().committeeDueAt(now).orElse(null) : null,
                "bot"));
        return done(templates.text(flow.doneKey(), language, Map.of("reference", opened.reference())), state);
    }

    private String status(Map<String, String> fields, Language language) {
        Optional<Case> found = cases.byReference(fields.get("reference"));
        String phone = fields.get("phone");
        boolean own = found.map(c -> phone.equals(c.fields().get("phone"))
                || (c.beneficiaryId() != null && conversations.beneficiary(c.beneficiaryId())
                .map(Beneficiary::phone).filter(phone::equals).isPresent())).orElse(false);
        return own ? listCases(List.of(found.get()), language) : templates.text("status.none", language);
    }

    private String listCases(List<Case> list, Language language) {
        DateTimeFormatter date = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(profile().timeZone());
        List<String> lines = new ArrayList<>();
        for (Case c : list.subList(0, Math.min(5, list.size()))) {
            lines.add(templates.text("status.item", language, Map.of("reference", c.reference(),
                    "type", templates.text("type." + c.type().name(), language),
                    "stage", templates.text("stage." + c.stage().name(), language),
                    "date", date.format(c.updatedAt()))));
        }
        return templates.text("status.list", language, Map.of("cases", String.join("\n", lines)));
    }

    private String summary(Flow flow, Map<String, String> fields, Language language) {
        List<String> lines = new ArrayList<>();
        for (Step s : flow.steps()) {
            String value = fields.get(s.field());
            if (value == null) {
                continue;
            }
            String shown = s.options().stream().filter(o -> o.id().equals(value)).findFirst()
                    .map(o -> title(o, language)).orElse(value);
            lines.add("• " + templates.text("field." + s.field(), language) + ": " + shown);
        }
        return String.join("\n", lines);
    }

    private Step next(Flow flow, Map<String, String> fields, Step after) {
        boolean passed = after == null;
        for (Step s : flow.steps()) {
            if (passed && !s.skip().test(fields)) {
                return s;
            }
            passed |= s == after;
        }
        return null;
    }

    private Outcome ask(Step step, Language language, DialogueState state, String before, String errorKey) {
        StringBuilder text = new StringBuilder();
        if (before != null) {
            text.append(before).append("\n\n");
        }
        List<QuickReply> buttons = new ArrayList<>();
        for (Option o : step.options()) {
            buttons.add(new QuickReply(title(o, language), o.id()));
        }
        if (errorKey != null) {
            text.append(templates.text(errorKey, language, Map.of("options",
                    String.join("، ", buttons.stream().map(QuickReply::title).toList())))).append("\n\n");
        }
        text.append(templates.text(step.promptKey(), language));
        if (errorKey == null && before != null) {
            text.append("\n").append(templates.text("dialogue.cancel-hint", language));
        }
        return new Outcome(text.toString(), buttons, state, false);
    }

    private List<QuickReply> yesNoButtons(Language language) {
        return List.of(new QuickReply(templates.text("answer.yes", language), "yes"),
                new QuickReply(templates.text("answer.no", language), "no"));
    }

    private Outcome done(String text, DialogueState state) {
        return new Outcome(text, List.of(), state.cleared(clock.instant()), false);
    }

    private DialogueState withMisses(DialogueState s, int missed) {
        return new DialogueState(s.id(), s.flow(), s.step(), s.fields(), s.language(), missed, clock.instant());
    }

    static Locale locale(Language language) {
        return Locale.forLanguageTag(language.code());
    }
}
