package org.sila.bot;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.bson.types.ObjectId;
import org.sila.association.AssociationProfile;
import org.sila.association.AssociationProfiles;
import org.sila.association.ContentRoot;
import org.sila.association.Language;
import org.sila.association.Templates;
import org.sila.bot.IntentMatcher.Candidate;
import org.sila.bot.IntentMatcher.Decision;
import org.sila.casework.CaseService;
import org.sila.channel.Asking;
import org.sila.channel.InboundMessage;
import org.sila.channel.QuickReply;
import org.sila.conversation.Author;
import org.sila.conversation.Conversation;
import org.sila.conversation.ConversationService;
import org.sila.conversation.ConversationStatus;
import org.sila.conversation.InboundResponder;
import org.sila.conversation.Message;
import org.sila.conversation.Reply;
import org.sila.survey.SurveyService;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Component;

/**
 * The rules layer: answers from the knowledge base, runs the intake dialogues, and hands the conversation to
 * staff when asked, when a channel says a person is needed, or after three misunderstandings in a row. While the
 * conversation is not {@code BOT} it stays silent. Every reply records its intent and confidence.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
class BotResponder implements InboundResponder {

    static final String INTENT_PAYLOAD = "intent:";
    private static final List<String> MENU = List.of("apply-support", "request-status", "complaint",
            "working-hours-location");

    private final ConversationService conversations;
    private final Templates templates;
    private final AssociationProfile profile;
    private final IntentMatcher matcher;
    private final Answers answers;
    private final Dialogues dialogues;
    private final SurveyService surveys;
    private final MongoTemplate mongo;
    private final Clock clock;
    private final HandOverNotice handOverNotice;

    BotResponder(ConversationService conversations, Templates templates, ContentRoot content,
                 AssociationProfiles profiles, CaseService cases, SurveyService surveys, MongoTemplate mongo,
                 Optional<Clock> clock, HandOverNotice handOverNotice) {
        this.conversations = conversations;
        this.handOverNotice = handOverNotice;
        this.surveys = surveys;
        this.templates = templates;
        this.profile = profiles.active();
        this.matcher = IntentMatcher.load(content.path());
        this.answers = new Answers(matcher, content.path());
        this.mongo = mongo;
        this.clock = clock.orElse(Clock.systemUTC());
        Map<String, String> actions = new java.util.HashMap<>();
        matcher.intents().forEach((id, intent) -> actions.put(id, intent.action()));
        this.dialogues = new Dialogues(DialogueScripts.load(content.path(), profile.id()), templates, profile,
                answers, matcher::decide, cases,
                new CaseStatusReplies(cases, conversations, templates, profile.timeZone()), actions, this.clock);
        // The measurement centre reads the unanswered questions of a date range.
        mongo.indexOps(UnansweredQuestion.class).createIndex(new Index().on("at", Sort.Direction.DESC));
    }

    /** Once the hub answers: the intent model trains meanwhile, and a question that comes first waits for it. */
    @EventListener(ApplicationReadyEvent.class)
    void trainAfterStart() {
        matcher.trainInBackground();
    }

    /** The last responder asked: it takes every message, if only to stay silent while staff have it. */
    @Override
    public boolean respond(Message message, Conversation conversation) {
        answer(message, conversation);
        return true;
    }

    private void answer(Message message, Conversation conversation) {
        if (conversation.status() != ConversationStatus.BOT) {
            return;
        }
        DialogueState state = Optional.ofNullable(mongo.findById(conversation.id(), DialogueState.class))
                .orElse(DialogueState.idle(conversation.id()));
        Language language = language(message.text(), state);
        if (state.leftSince(clock.instant(), profile.forgetDialoguesAfter())) {
            state = state.forgettingAnswers(clock.instant());
        }
        if (state.forgotten() != null) {
            reply(message, dialogues.forgotten(state.forgotten(), Language.of(state.language())),
                    "dialogue-forgotten", null, List.of());
            state = state.cleared(clock.instant());
            save(state);
        }
        if ("true".equals(message.details().get(InboundMessage.META_HANDOFF))) {
            handOver(message, state, language, null, false);
            return;
        }
        String rejected = message.details().get(InboundMessage.META_ATTACHMENTS_REJECTED);
        if (rejected != null && !rejected.isBlank()) {
            reply(message, templates.text("attachments.rejected", language, Map.of("files", rejected,
                    "limit", size(message.details().get(InboundMessage.META_ATTACHMENT_LIMIT_BYTES), language))),
                    "attachments-rejected", null, List.of());
        }
        String text = message.text() == null ? "" : message.text();
        String payload = message.quickReplyPayload();
        if (text.isBlank() && payload == null && state.flow() == null) {
            return; // the content responder answered it
        }
        var turn = new Dialogues.Turn(message, conversation, text, payload, language);
        if (state.flow() != null) {
            continueDialogue(turn, state);
            return;
        }
        Decision decision = payload != null && payload.startsWith(INTENT_PAYLOAD)
                ? new Decision(IntentMatcher.Kind.MATCHED, payload.substring(INTENT_PAYLOAD.length()), 1.0, List.of())
                : matcher.decide(text);
        switch (decision.kind()) {
            case MATCHED -> act(decision.intent(), decision.confidence(), turn, state);
            case OUT_OF_SCOPE -> {
                remember(message, conversation, decision, language);
                reply(message, templates.text("bot.out-of-scope", language), IntentMatcher.OUT_OF_SCOPE,
                        decision.confidence(), menu(language, decision.guesses()));
                save(state, state.cleared(clock.instant()));
            }
            case UNSURE, UNKNOWN -> misunderstood(turn, state, decision);
        }
    }

    private void continueDialogue(Dialogues.Turn turn, DialogueState state) {
        Language language = Language.of(state.language());
        turn = new Dialogues.Turn(turn.message(), turn.conversation(), turn.text(), turn.payload(), language);
        if (answers.isCancel(turn.text()) || "cancel".equals(turn.payload())
                || turn.payload() == null && dialogues.declines(state, turn.text())) {
            save(state.cleared(clock.instant()));
            reply(turn.message(), templates.text("dialogue.cancelled", language), "cancel", 1.0, menu(language));
            return;
        }
        Decision decision = turn.payload() != null || turn.text().isBlank() ? null : matcher.decide(turn.text());
        if ("intent:talk-to-human".equals(turn.payload()) || decision != null
                && decision.kind() == IntentMatcher.Kind.MATCHED && "talk-to-human".equals(decision.intent())
                && decision.confidence() >= SlotChecks.CONFIDENT) {
            handOver(turn.message(), state, language, null, true);
            return;
        }
        Dialogues.Outcome outcome = dialogues.answer(turn, state, decision);
        if (outcome.handoff()) {
            handOver(turn.message(), outcome.state(), language, "handoff.repeated", true);
            return;
        }
        save(outcome.state());
        boolean digressed = !outcome.intent().equals(dialogues.intentOf(state.flow()));
        reply(turn.message(), outcome.text(), outcome.intent(), digressed && decision != null ? decision.confidence() : 1.0,
                outcome.quickReplies(), asking(outcome.state(), language));
    }

    private void act(String intent, double confidence, Dialogues.Turn turn, DialogueState state) {
        IntentMatcher.Intent known = matcher.intents().get(intent);
        String action = known == null ? "answer" : known.action();
        DialogueState fresh = state.cleared(clock.instant());
        if ("handoff".equals(action)) {
            handOver(turn.message(), fresh, turn.language(), null, true);
        } else if ("rate-service".equals(intent)) {
            // The satisfaction survey itself, so the rating is counted and followed up like any other.
            save(state, fresh);
            if (surveys.surveyOnRequest(turn.message()).isEmpty()) {
                reply(turn.message(), templates.text("rate.already", turn.language()), intent, confidence,
                        List.of());
            }
        } else if ("dialogue".equals(action) && dialogues.has(intent)) {
            Dialogues.Outcome outcome = dialogues.start(intent, turn, fresh);
            save(outcome.state());
            reply(turn.message(), outcome.text(), outcome.intent(), confidence, outcome.quickReplies(),
                    asking(outcome.state(), turn.language()));
        } else {
            save(state, fresh);
            reply(turn.message(), templates.text("faq." + intent, turn.language()), intent, confidence,
                    List.of());
        }
    }

    private void misunderstood(Dialogues.Turn turn, DialogueState state, Decision decision) {
        remember(turn.message(), turn.conversation(), decision, turn.language());
        int missed = state.misunderstandings() + 1;
        if (missed >= Dialogues.MAX_MISUNDERSTANDINGS) {
            handOver(turn.message(), state, turn.language(), "handoff.repeated", true);
            return;
        }
        save(new DialogueState(state.id(), null, null, Map.of(), null, missed, clock.instant(), null, null));
        Language language = turn.language();
        if (decision.kind() == IntentMatcher.Kind.UNSURE) {
            List<QuickReply> guesses = new ArrayList<>();
            for (Candidate c : decision.guesses()) {
                guesses.add(new QuickReply(templates.text("intent." + c.intent(), language),
                        INTENT_PAYLOAD + c.intent()));
            }
            guesses.add(new QuickReply(templates.text("bot.talk-to-staff", language), INTENT_PAYLOAD + "talk-to-human"));
            reply(turn.message(), templates.text("bot.did-you-mean", language), "did-you-mean",
                    decision.confidence(), guesses);
        } else {
            reply(turn.message(), templates.text("bot.not-understood", language), "not-understood",
                    decision.confidence(), menu(language));
        }
    }

    /** To staff: WAITING, the dialogue dropped; outside working hours the beneficiary is told when staff answer. */
    private void handOver(Message message, DialogueState state, Language language, String prefaceKey,
                          boolean say) {
        save(state.cleared(clock.instant()));
        conversations.changeStatus(message.conversationId(), ConversationStatus.WAITING, null);
        if (!say) {
            return;
        }
        String text = handOverNotice.text(language);
        if (prefaceKey != null) {
            text = templates.text(prefaceKey, language) + "\n" + text;
        }
        reply(message, text, "handoff", null, List.of());
    }

    private List<QuickReply> menu(Language language) {
        return menu(language, List.of());
    }

    /** The menu led by {@code first}, as long as the plain menu (channels limit buttons), staff always last. */
    private List<QuickReply> menu(Language language, List<Candidate> first) {
        var intents = new java.util.LinkedHashSet<String>();
        first.forEach(c -> intents.add(c.intent()));
        intents.addAll(MENU);
        return buttons(templates, language, intents.stream().limit(MENU.size()).toList());
    }

    /** One button per intent, then "talk to a member of staff", always last: the bot's menus and questions back. */
    static List<QuickReply> buttons(Templates templates, Language language, List<String> intents) {
        List<QuickReply> buttons = new ArrayList<>();
        for (String intent : intents) {
            buttons.add(new QuickReply(templates.text("intent." + intent, language), INTENT_PAYLOAD + intent));
        }
        buttons.add(new QuickReply(templates.text("bot.talk-to-staff", language), INTENT_PAYLOAD + "talk-to-human"));
        return buttons;
    }

    /** Answers {@code message}, the inbound message being handled. */
    private void reply(Message message, String text, String intent, Double confidence,
                       List<QuickReply> quickReplies) {
        reply(message, text, intent, confidence, quickReplies, Map.of());
    }

    private void reply(Message message, String text, String intent, Double confidence,
                       List<QuickReply> quickReplies, Map<String, String> details) {
        conversations.answer(message, new Reply(text, quickReplies, Author.BOT, intent,
                confidence == null ? null : Math.round(confidence * 1000) / 1000.0, false, details));
    }

    /** A dialogue waiting for the phone says so, for channels with a "share my number" control (Telegram). */
    private Map<String, String> asking(DialogueState state, Language language) {
        return "phone".equals(dialogues.pendingCheck(state)) ? Map.of(Asking.KEY, Asking.PHONE, Asking.LABEL,
                templates.text("dialogue.share-phone", language)) : Map.of();
    }

    private void remember(Message message, Conversation conversation, Decision decision, Language language) {
        mongo.insert(new UnansweredQuestion(new ObjectId().toHexString(), message.text(),
                matcher.fold(message.text()), language.code(),
                decision.kind().name(), decision.guesses().stream().map(Candidate::intent).toList(),
                decision.confidence(), conversation.id(), message.channel(), clock.instant()));
    }

    private void save(DialogueState state) {
        mongo.save(state);
    }

    /** Stores {@code after} unless it and {@code before} are both idle: answering a question then needs no write. */
    private void save(DialogueState before, DialogueState after) {
        if (!(before.isIdle() && after.isIdle())) {
            save(after);
        }
    }

    /** Arabic script → Arabic; Latin that is not Arabizi → English; otherwise the dialogue's language or Arabic. */
    private Language language(String text, DialogueState state) {
        boolean latin = false;
        for (int i = 0; text != null && i < text.length(); i++) {
            Character.UnicodeScript script = Character.UnicodeScript.of(text.codePointAt(i));
            if (script == Character.UnicodeScript.ARABIC) {
                return Language.AR;
            }
            latin |= script == Character.UnicodeScript.LATIN;
        }
        if (latin && !matcher.isArabizi(text)) {
            return Language.EN;
        }
        return latin ? Language.AR : Language.of(state.language());
    }

    private String size(String bytes, Language language) {
        try {
            double mb = Long.parseLong(bytes) / (1024.0 * 1024.0);
            String n = mb >= 1 ? String.format(Locale.ROOT, "%.0f", mb) : String.format(Locale.ROOT, "%.1f", mb);
            return templates.text("size.megabytes", language, Map.of("n", n));
        } catch (NumberFormatException | NullPointerException e) {
            return templates.text("size.unknown", language);
        }
    }
}
