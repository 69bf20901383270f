package org.sila.bot;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.sila.association.AssociationProfiles;
import org.sila.association.ContentRoot;
import org.sila.association.Language;
import org.sila.association.Templates;
import org.sila.channel.InboundMessage;
import org.sila.channel.SharedContent;
import org.sila.conversation.Conversation;
import org.sila.conversation.ConversationService;
import org.sila.conversation.ConversationStatus;
import org.sila.conversation.InboundResponder;
import org.sila.conversation.Message;
import org.sila.conversation.Reply;
import org.sila.conversation.StoredAttachment;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Answers what a beneficiary sends without any text: a photo of their papers, a voice note, a place, a contact
 * card, a sticker, a shared post. Nobody is left without an answer: a question back ("what shall we do with this
 * file?") with the main choices, or, for a voice note only a person can hear, a hand-over to staff.
 *
 * <p>Asked just before {@link BotResponder}, it leaves to the bot what the bot answers itself: anything with text
 * or a button's payload, a hand-over the channel asks for, files the channel refused, and, while a dialogue is under
 * way, all but a voice note: the dialogue asks its pending question again (or, at its documents step, takes the
 * files). While staff have the conversation it stays silent, like the bot.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE - 100)
class ContentResponder implements InboundResponder {

    private static final List<String> CHOICES = List.of("apply-support", "request-status", "complaint");

    private final ConversationService conversations;
    private final Templates templates;
    private final MongoTemplate mongo;
    private final HandOverNotice handOverNotice;
    /** "flow/field" of the dialogue steps that take files (the application's documents). */
    private final Set<String> stepsTakingFiles;

    ContentResponder(ConversationService conversations, Templates templates, MongoTemplate mongo,
                     HandOverNotice handOverNotice, ContentRoot content, AssociationProfiles profiles) {
        this.stepsTakingFiles = stepsTakingFiles(DialogueScripts.load(content.path(), profiles.active().id()));
        this.conversations = conversations;
        this.templates = templates;
        this.mongo = mongo;
        this.handOverNotice = handOverNotice;
    }

    @Override
    public boolean respond(Message message, Conversation conversation) {
        if (conversation.status() != ConversationStatus.BOT || !isWithoutText(message)) {
            return false;
        }
        DialogueState state = mongo.findById(conversation.id(), DialogueState.class);
        boolean inDialogue = state != null && state.flow() != null;
        if (inDialogue && (!isVoice(message) || stepsTakingFiles.contains(state.flow() + "/" + state.step()))) {
            // The dialogue takes the files at its documents step, and asks its pending question again after anything
            // else (a place, a card, a sticker); a voice note it cannot read goes to a person below.
            return false;
        }
        Language language = language(state, conversation);
        Optional<SharedContent> content = SharedContent.of(message.details());
        if (isVoice(message)) {
            handOver(message, language);
            return true;
        }
        String key;
        Map<String, String> values = Map.of();
        boolean sticker = content.filter(c -> c instanceof SharedContent.Sticker).isPresent();
        if (!message.attachments().isEmpty() && !sticker) {
            key = "content.file";
            values = Map.of("files", templates.list(message.attachments().stream()
                    .map(StoredAttachment::fileName).toList(), language));
        } else if (content.isPresent()) {
            SharedContent shared = content.get();
            key = shared instanceof SharedContent.ContactCard card && card.own() ? "content.contact-own"
                    : switch (shared.kind()) {
                        case "location", "contact", "sticker", "share" -> "content." + shared.kind();
                        case "dice" -> "content.sticker";
                        default -> "content.unsupported";
                    };
        } else {
            key = "content.unsupported"; // nothing the hub can show: a game, a poll, an empty message
        }
        conversations.answer(message, Reply.fromBot(templates.text(key, language, values),
                "content-" + key.substring("content.".length()), null, BotResponder.buttons(templates, language, CHOICES)));
        return true;
    }

    private static Set<String> stepsTakingFiles(Map<String, DialogueScripts.Script> scripts) {
        Set<String> steps = new java.util.HashSet<>();
        scripts.values().forEach(script -> script.steps().stream().filter(s -> "text-or-files".equals(s.check()))
                .forEach(s -> steps.add(script.flow() + "/" + s.field())));
        return Set.copyOf(steps);
    }

    /** No text and no button: what the bot would leave unanswered. */
    private static boolean isWithoutText(Message message) {
        Map<String, String> details = message.details();
        String rejected = details.get(InboundMessage.META_ATTACHMENTS_REJECTED);
        return (message.text() == null || message.text().isBlank()) && message.quickReplyPayload() == null
                && !"true".equals(details.get(InboundMessage.META_HANDOFF))
                && (rejected == null || rejected.isBlank());
    }

    private static boolean isVoice(Message message) {
        return !message.attachments().isEmpty() && message.attachments().stream()
                .allMatch(a -> a.contentType() != null && a.contentType().startsWith("audio/"));
    }

    /** A voice note is for a person to hear: the conversation goes to staff, and the beneficiary is told when. */
    private void handOver(Message message, Language language) {
        conversations.changeStatus(message.conversationId(), ConversationStatus.WAITING, null);
        String when = handOverNotice.text(language);
        conversations.answer(message, Reply.fromBot(templates.text("content.voice", language) + "\n" + when,
                "handoff", null, List.of()));
    }

    /** The dialogue's language, else the one the beneficiary's channel told, else Arabic. */
    private Language language(DialogueState state, Conversation conversation) {
        if (state != null && state.language() != null) {
            return Language.of(state.language());
        }
        return conversations.beneficiary(conversation.beneficiaryId())
                .map(b -> Language.of(b.language())).orElse(Language.AR);
    }
}
