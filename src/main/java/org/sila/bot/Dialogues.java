package org.sila.bot;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.sila.association.AssociationProfile;
import org.sila.association.Language;
import org.sila.association.Templates;
import org.sila.bot.DialogueScripts.Finish;
import org.sila.bot.DialogueScripts.Script;
import org.sila.bot.DialogueScripts.StepSpec;
import org.sila.bot.IntentMatcher.Decision;
import org.sila.casework.Attestation;
import org.sila.casework.Case;
import org.sila.casework.CaseService;
import org.sila.casework.CaseType;
import org.sila.casework.OpenCase;
import org.sila.channel.QuickReply;
import org.sila.conversation.Conversation;
import org.sila.conversation.Message;

/**
 * The engine that runs the intake dialogues of {@code templates/dialogues.yml} one question at a time. Each answer
 * goes to the step's named check; a wrong one is explained and asked again. A clear question asked in the middle
 * (the knowledge base is confident) is answered and the pending question asked again, the answers kept; "why?"
 * is explained at every step. State lives in {@link DialogueState}, so a dialogue resumes on any worker.
 */
final class Dialogues {

    /** What the beneficiary said, in the dialogue's language. */
    record Turn(Message message, Conversation conversation, String text, String payload, Language language) {
    }

    /** What the dialogue wants said, under which intent, and whether the conversation must go to staff. */
    record Outcome(String text, List<QuickReply> quickReplies, DialogueState state, boolean handoff,
                   String intent) {
    }

    /** The applicant's attestation, asked after the last step of a script with {@code attest: true}. */
    private static final StepSpec ATTEST = new StepSpec("attest", "apply.attest", "yes-no", "dialogue.invalid-yes-no",
            null, List.of(), null, null, null, null, null);
    static final int MAX_MISUNDERSTANDINGS = 3;
    /** Up to this many words, a question naming what the step asks for is about the step (see {@link #subjects}). */
    private static final int SUBJECT_QUESTION_WORDS = 6;
    /** The buttons under a held answer: it is the answer, or a question to answer. */
    static final String HELD_IS_ANSWER = "held:answer";
    static final String HELD_IS_QUESTION = "held:question";

    private final Map<String, Script> scripts;
    private final Templates templates;
    private final AssociationProfile profile;
    private final Answers answers;
    /** What the knowledge base makes of a text: a held answer the beneficiary says is a question. */
    private final Function<String, Decision> knowledgeBase;
    private final SlotChecks checks;
    private final CaseService cases;
    private final CaseStatusReplies status;
    private final Map<String, String> actions;
    private final Clock clock;

    Dialogues(Map<String, Script> scripts, Templates templates, AssociationProfile profile, Answers answers,
              Function<String, Decision> knowledgeBase, CaseService cases, CaseStatusReplies status,
              Map<String, String> actions, Clock clock) {
        this.scripts = scripts;
        this.knowledgeBase = knowledgeBase;
        this.templates = templates;
        this.profile = profile;
        this.answers = answers;
        this.checks = new SlotChecks(answers, templates, profile);
        this.cases = cases;
        this.status = status;
        this.actions = actions;
        this.clock = clock;
    }

    boolean has(String intent) {
        return scripts.containsKey(intent);
    }

    /** The intent that started the dialogue {@code flow} (states keep the flow's id). */
    String intentOf(String flow) {
        return scripts.entrySet().stream().filter(e -> e.getValue().flow().equals(flow)).map(Map.Entry::getKey)
                .findFirst().orElse(flow);
    }

    /** The check of the step the dialogue waits on (e.g. {@code phone}), or null when none is pending. */
    String pendingCheck(DialogueState state) {
        if (state.flow() == null || state.step() == null || ATTEST.field().equals(state.step())) {
            return null;
        }
        return DialogueScripts.step(script(state), state.step()).map(StepSpec::check).orElse(null);
    }

    private Script script(DialogueState state) {
        return scripts.get(intentOf(state.flow()));
    }

    // ---- running a dialogue ----------------------------------------------------------------------------------

    Outcome start(String intent, Turn turn, DialogueState state) {
        Script script = scripts.get(intent);
        if (script.listOwnCases()) {
            List<Case> own = status.ofBeneficiary(turn.message().beneficiaryId());
            if (!own.isEmpty()) {
                return done(status.list(own, turn.language()), state, intent);
            }
        }
        Map<String, String> fields = new LinkedHashMap<>();
        StepSpec first = next(script, fields, null);
        String intro = script.intro() == null ? null : templates.text(script.intro(), turn.language(),
                Map.of("policy", templates.text(profile.hasPolicy("compensation")
                        ? "compensation.policy" : "compensation.no-policy", turn.language())));
        var started = new DialogueState(state.id(), script.flow(), first.field(), fields, turn.language().code(), 0,
                clock.instant(), null, null);
        return ask(first, turn.language(), started, intro, null, intent);
    }

    /** Whether "I don't want" ({@link Answers#wantsNothing}) came where a description is asked for: leaving. */
    boolean declines(DialogueState state, String text) {
        return DialogueScripts.step(script(state), state.step()).filter(s -> SlotChecks.describes(s.check()))
                .isPresent() && answers.wantsNothing(text);
    }

    /** The answer to the pending step; {@code decision} is what the knowledge base made of it (null: a button). */
    Outcome answer(Turn turn, DialogueState state, Decision decision) {
        String intent = intentOf(state.flow());
        Script script = script(state);
        StepSpec step = ATTEST.field().equals(state.step()) ? ATTEST
                : DialogueScripts.step(script, state.step()).orElseThrow();
        Language language = turn.language();
        Instant now = clock.instant();
        if (state.held() == null && (HELD_IS_ANSWER.equals(turn.payload())
                || HELD_IS_QUESTION.equals(turn.payload()))) {
            return ask(step, language, state, null, null, intent); // a button of a question settled before
        }
        if (turn.payload() != null && turn.payload().startsWith(BotResponder.INTENT_PAYLOAD)
                && !turn.payload().equals(BotResponder.INTENT_PAYLOAD + intent)) {
            // a topic's button (offered below, or an earlier menu's): its answer, then the pending question again
            return digress(step, turn.payload().substring(BotResponder.INTENT_PAYLOAD.length()), language,
                    state.at(step.field(), state.fields(), state.misunderstandings(), now), intent);
        }
        if (state.held() != null) {
            Optional<Outcome> settled = settleHeld(script, turn, state, step, now, intent);
            if (settled.isPresent()) {
                return settled.get();
            }
            state = state.at(step.field(), state.fields(), state.misunderstandings(), now); // answered anew instead
        }
        List<String> files = turn.message().attachments().stream().map(f -> f.fileName()).toList();
        var answer = new SlotChecks.Answer(turn.text(), turn.payload(), files, decision, language, intent);
        if (turn.payload() == null && answers.isWhy(turn.text(), !SlotChecks.describes(step.check()))) {
            return whyAsked(step, language, state, now, intent);
        }
        if (turn.payload() == null && answers.isDontKnow(turn.text())) {
            return misunderstood(step, language, state, now, intent, "dialogue.dont-know");
        }
        Optional<String> value = checks.check(step, answer, state.fields());
        if (turn.payload() == null && digression(step, answer, value.isPresent())) {
            return digress(step, decision.intent(), language,
                    state.at(step.field(), state.fields(), state.misunderstandings(), now), intent);
        }
        if (turn.payload() == null && value.isEmpty() && answers.isQuestion(turn.text())
                && Answers.words(turn.text()) <= SUBJECT_QUESTION_WORDS
                && answers.names(turn.text(), subjects(step))) {
            // A short question about what the step asks for ("شو بدكن بالهوية؟"): why it is asked, and again.
            return whyAsked(step, language, state, now, intent);
        }
        if (turn.payload() == null && value.isPresent() && SlotChecks.describes(step.check())
                && answers.isQuestion(turn.text()) && !answers.opensWithWhy(turn.text())) {
            // A question where a description was asked for: the beneficiary may be asking us something, or putting
            // their complaint as a question. Neither is guessed: they say which. (A "why ...?" is a complaint's
            // usual form, and is taken as one.)
            return new Outcome(templates.text("dialogue.held", language), List.of(
                    new QuickReply(templates.text("dialogue.held-answer", language), HELD_IS_ANSWER),
                    new QuickReply(templates.text("dialogue.held-question", language), HELD_IS_QUESTION)),
                    state.holding(value.get(), now), false, "dialogue-held");
        }
        if (turn.payload() == null && value.isEmpty()
                && (answers.isQuestion(turn.text()) || answers.asksFor(turn.text()))) {
            // A question or a request the knowledge base is not sure of, where it does not fit: the topics it may be
            // about are offered beside the step's own choices, and the pending question asked again; it is no
            // misunderstanding of the step.
            List<String> topics = topics(decision, intent);
            if (!topics.isEmpty()) {
                Outcome asking = ask(step, language, state.at(step.field(), state.fields(),
                        state.misunderstandings(), now), templates.text("dialogue.did-you-mean", language), null,
                        intent);
                List<QuickReply> buttons = new ArrayList<>(asking.quickReplies()); // the step's own choices first
                buttons.addAll(BotResponder.buttons(templates, language, topics));
                return new Outcome(asking.text(), buttons, asking.state(), false, "dialogue-guesses");
            }
        }
        if (value.isEmpty()) {
            return misunderstood(step, language, state, now, intent, step.invalid() == null
                    ? "dialogue.invalid-choice" : step.invalid());
        }
        if (step == ATTEST) {
            return attested(script, turn, state, Boolean.parseBoolean(value.get()), intent);
        }
        return accepted(script, turn, state, step, value.get(), now, intent);
    }

    /**
     * The beneficiary's word on a held answer: it is the answer (a button, or yes), or a question (a button, or no),
     * answered from the knowledge base before the pending question is asked again. Empty: they answered anew.
     */
    private Optional<Outcome> settleHeld(Script script, Turn turn, DialogueState state, StepSpec step, Instant now,
                                         String intent) {
        Optional<Boolean> isAnswer = HELD_IS_ANSWER.equals(turn.payload()) ? Optional.of(true)
                : HELD_IS_QUESTION.equals(turn.payload()) ? Optional.of(false)
                : turn.payload() == null ? answers.yesNo(turn.text(), null) : Optional.empty();
        if (isAnswer.isEmpty()) {
            return Optional.empty();
        }
        String held = state.held();
        DialogueState released = state.at(step.field(), state.fields(), state.misunderstandings(), now);
        if (isAnswer.get()) {
            return Optional.of(accepted(script, turn, released, step, held, now, intent));
        }
        Decision asked = knowledgeBase.apply(held);
        if (asked.intent() != null && asked.kind() != IntentMatcher.Kind.UNKNOWN) {
            return Optional.of(digress(step, asked.intent(), turn.language(), released, intent));
        }
        return Optional.of(ask(step, turn.language(), released,
                templates.text("dialogue.question-unanswered", turn.language()), null, intent));
    }

    /** No answer to the step: the template {@code errorKey} and the question again, or staff after too many. */
    private Outcome misunderstood(StepSpec step, Language language, DialogueState state, Instant now, String intent,
                                  String errorKey) {
        int missed = state.misunderstandings() + 1;
        var after = state.at(step.field(), state.fields(), missed, now);
        if (missed >= MAX_MISUNDERSTANDINGS) {
            return new Outcome(null, List.of(), after, true, intent);
        }
        return ask(step, language, after, null, errorKey, intent);
    }

    /** Why the step asks what it asks, then the step's question again; no misunderstanding. */
    private Outcome whyAsked(StepSpec step, Language language, DialogueState state, Instant now, String intent) {
        String why = templates.text(step.why() == null ? "dialogue.why.default" : step.why(), language);
        return ask(step, language, state.at(step.field(), state.fields(), state.misunderstandings(), now), why,
                null, intent);
    }

    /** What a step asks for, as its summary names it in each language ("رقم الهوية", "ID number"). */
    private List<String> subjects(StepSpec step) {
        if (!templates.has("field." + step.field())) {
            return List.of();
        }
        return java.util.Arrays.stream(Language.values()).map(l -> templates.text("field." + step.field(), l))
                .toList();
    }

    /** {@code value} is the answer to {@code step}: the next step is asked, or the dialogue ends. */
    private Outcome accepted(Script script, Turn turn, DialogueState state, StepSpec step, String value, Instant now,
                             String intent) {
        Language language = turn.language();
        Map<String, String> fields = new LinkedHashMap<>(state.fields());
        fields.put(step.field(), value);
        StepSpec next = next(script, fields, step);
        if (next != null) {
            return ask(next, language, state.at(next.field(), fields, 0, now), null, null, intent);
        }
        if (script.attest()) {
            String summary = templates.text("apply.summary", language, Map.of("summary",
                    summary(script, fields, language)));
            return ask(ATTEST, language, state.at(ATTEST.field(), fields, 0, now), summary, null, intent);
        }
        return finish(script, turn, fields, state, null, intent);
    }

    /**
     * A known question or another request in the middle of a dialogue: the knowledge base is confident, and the
     * message is a question, does not fit the step, or is a short phrase where a description was asked for. A name
     * or a place that fits is kept even when the knowledge base hears something in it ("سعد" is near a greeting).
     */
    private boolean digression(StepSpec step, SlotChecks.Answer answer, boolean fits) {
        Decision d = answer.decision();
        if (d == null || d.kind() != IntentMatcher.Kind.MATCHED || d.confidence() < SlotChecks.CONFIDENT
                || d.intent().equals(answer.intent())) {
            return false;
        }
        return answers.isQuestion(answer.text()) || !fits
                || SlotChecks.describes(step.check()) && Answers.words(answer.text()) <= SlotChecks.INTENT_PHRASE_WORDS;
    }

    /** The topics the knowledge base guesses a question is about, the dialogue's own left out. */
    private static List<String> topics(Decision decision, String own) {
        if (decision == null) {
            return List.of();
        }
        List<String> topics = new ArrayList<>();
        if (decision.kind() == IntentMatcher.Kind.UNSURE || decision.kind() == IntentMatcher.Kind.OUT_OF_SCOPE) {
            decision.guesses().forEach(c -> topics.add(c.intent()));
        } else if (decision.kind() == IntentMatcher.Kind.MATCHED) {
            topics.add(decision.intent());
        }
        topics.remove(own);
        return topics;
    }

    /** Answers the question (or says which dialogue is under way), then asks the pending question again. */
    private Outcome digress(StepSpec step, String asked, Language language, DialogueState state, String intent) {
        String before;
        if ("answer".equals(actions.get(asked)) && templates.has("faq." + asked)) {
            before = templates.text("faq." + asked, language) + "\n\n" + templates.text("dialogue.resume", language);
        } else {
            before = templates.text("dialogue.busy", language, Map.of("topic", topic(intent, language),
                    "other", topic(asked, language)));
        }
        Outcome asking = ask(step, language, state, before, null, intent);
        return new Outcome(asking.text(), asking.quickReplies(), state, false, asked);
    }

    private String topic(String intent, Language language) {
        return templates.has("intent." + intent) ? templates.text("intent." + intent, language) : intent;
    }

    /** The notice that an unfinished dialogue was forgotten, in its language. */
    String forgotten(String flow, Language language) {
        long hours = profile.forgetDialoguesAfter() == null ? 0 : profile.forgetDialoguesAfter().toHours();
        return templates.text("dialogue.forgotten", language, Map.of("topic", topic(intentOf(flow), language),
                "keptFor", hours));
    }

    private Outcome attested(Script script, Turn turn, DialogueState state, boolean agreed, String intent) {
        if (!agreed) {
            return done(templates.text("apply.declined", turn.language()), state, intent);
        }
        var attestation = new Attestation(templates.text(ATTEST.ask(), turn.language()),
                turn.text() == null || turn.text().isBlank() ? turn.payload() : turn.text(),
                turn.message().channel(), clock.instant());
        return finish(script, turn, state.fields(), state, attestation, intent);
    }

    private Outcome finish(Script script, Turn turn, Map<String, String> fields, DialogueState state,
                           Attestation attestation, String intent) {
        Language language = turn.language();
        if (script.finish() == Finish.STATUS) {
            return done(status.status(fields.get("reference"), fields.get("phone"), language), state, intent);
        }
        boolean anonymous = Boolean.parseBoolean(fields.getOrDefault("anonymous", "false"));
        Instant now = clock.instant();
        Case opened = cases.open(new OpenCase(script.caseType(), anonymous ? null : turn.message().beneficiaryId(),
                turn.conversation().id(), turn.message().channel(), fields, anonymous, null, attestation,
                script.caseType() == CaseType.SUPPORT_REQUEST ? profile.committeeDueAt(now).orElse(null) : null,
                "bot"));
        return done(templates.text(script.done(), language, Map.of("reference", opened.reference())), state, intent);
    }

    private String summary(Script script, Map<String, String> fields, Language language) {
        List<String> lines = new ArrayList<>();
        for (StepSpec s : script.steps()) {
            String value = fields.get(s.field());
            if (value == null) {
                continue;
            }
            String shown = checks.options(s, language).stream().filter(o -> o.id().equals(value)).findFirst()
                    .map(SlotChecks.Option::title).orElse(value);
            lines.add("• " + templates.text("field." + s.field(), language) + ": " + shown);
        }
        return String.join("\n", lines);
    }

    private StepSpec next(Script script, Map<String, String> fields, StepSpec after) {
        boolean passed = after == null;
        for (StepSpec s : script.steps()) {
            if (passed && !skipped(s, fields)) {
                return s;
            }
            passed |= s == after;
        }
        return null;
    }

    private boolean skipped(StepSpec step, Map<String, String> fields) {
        if ("one-programme".equals(step.skip()) && profile.programmes().size() < 2) {
            return true;
        }
        return step.skipIf() != null && step.skipIf().equals().equals(fields.get(step.skipIf().field()));
    }

    private Outcome ask(StepSpec step, Language language, DialogueState state, String before, String errorKey,
                        String intent) {
        StringBuilder text = new StringBuilder();
        if (before != null) {
            text.append(before).append("\n\n");
        }
        List<QuickReply> buttons = checks.options(step, language).stream()
                .map(o -> new QuickReply(o.title(), o.id())).toList();
        if (errorKey != null) {
            text.append(templates.text(errorKey, language, Map.of("options",
                    templates.list(buttons.stream().map(QuickReply::title).toList(), language)))).append("\n\n");
        }
        text.append(templates.text(step.ask(), language));
        if (errorKey == null && before != null && state.fields().isEmpty()) {
            text.append("\n").append(templates.text("dialogue.cancel-hint", language));
        }
        return new Outcome(text.toString(), buttons, state, false, intent);
    }

    private Outcome done(String text, DialogueState state, String intent) {
        return new Outcome(text, List.of(), state.cleared(clock.instant()), false, intent);
    }

    static Locale locale(Language language) {
        return Locale.forLanguageTag(language.code());
    }
}
