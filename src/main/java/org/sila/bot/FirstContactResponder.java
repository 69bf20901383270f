package org.sila.bot;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.apache.lucene.analysis.ar.ArabicNormalizer;
import org.sila.conversation.Conversation;
import org.sila.conversation.ConversationService;
import org.sila.conversation.ConversationStatus;
import org.sila.conversation.InboundResponder;
import org.sila.conversation.Message;
import org.sila.conversation.Reply;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The rules layer's first, honest minimum: it answers a greeting, and hands everything else to staff with a
 * message saying so. While staff have a conversation the bot stays silent. The FAQ and the intake dialogues
 * replace the hand-over branch.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
class FirstContactResponder implements InboundResponder {

    private static final Set<String> GREETINGS = Set.of("السلام عليكم", "سلام عليكم", "السلام", "مرحبا", "اهلا",
            "اهلين", "هلا", "صباح الخير", "مساء الخير", "hello", "hi", "hey", "salam", "good morning");

    private final ConversationService conversations;

    FirstContactResponder(ConversationService conversations) {
        this.conversations = conversations;
    }

    @Override
    public boolean respond(Message message, Conversation conversation) {
        if (conversation.status() != ConversationStatus.BOT) {
            return true;
        }
        boolean english = isEnglish(message.text());
        if (GREETINGS.contains(normalise(message.text()))) {
            conversations.reply(conversation.id(), Reply.fromBot(english
                    ? "Welcome! How can we help you?"
                    : "وعليكم السلام، أهلاً وسهلاً بك. كيف يمكننا خدمتك؟", "greeting", 1.0, List.of()));
            return true;
        }
        conversations.changeStatus(conversation.id(), ConversationStatus.WAITING, null);
        conversations.reply(conversation.id(), Reply.fromBot(english
                ? "Thank you. Your message has reached our beneficiary relations team, who will answer you here."
                : "شكراً لتواصلك. وصلت رسالتك إلى فريق علاقات المستفيدين، وسيردّ عليك أحدهم هنا.",
                "handoff", null, List.of()));
        return true;
    }

    /** Arabic forms folded (hamza, alef maqsura, ta marbuta, diacritics, tatweel), punctuation dropped. */
    static String normalise(String text) {
        char[] chars = text.strip().toLowerCase(Locale.ROOT).toCharArray();
        int length = new ArabicNormalizer().normalize(chars, chars.length);
        return new String(chars, 0, length).replaceAll("[\\p{P}\\p{S}]+", " ").replaceAll("\\s+", " ").strip();
    }

    private static boolean isEnglish(String text) {
        boolean latin = false;
        for (int i = 0; i < text.length(); i++) {
            Character.UnicodeScript script = Character.UnicodeScript.of(text.codePointAt(i));
            if (script == Character.UnicodeScript.ARABIC) {
                return false;
            }
            latin |= script == Character.UnicodeScript.LATIN;
        }
        return latin;
    }
}
