package org.sila.ops;

import java.util.Locale;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.sila.channel.ChannelType;
import org.sila.conversation.Author;
import org.sila.conversation.ConversationEvents.MessageAdded;
import org.sila.conversation.ConversationEvents.MessageReceived;
import org.sila.conversation.Direction;
import org.sila.conversation.Message;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.mapping.event.AbstractMongoEventListener;
import org.springframework.data.mongodb.core.mapping.event.AfterSaveEvent;
import org.springframework.stereotype.Component;

/**
 * Counts what passes through the pipeline, from events it publishes anyway: {@code sila.messages} by channel and
 * direction (in once stored, out once queued), and {@code sila.bot.replies} by outcome: {@code answer},
 * {@code did-you-mean}, {@code not-understood}, {@code out-of-scope}, {@code hand-over}. A bot reply's intent is read
 * from the stored message itself (the store's after-save event), so the rules layer needs no hook of its own.
 */
@Component
class MessageMetrics extends AbstractMongoEventListener<Message> {

    private final MeterRegistry registry;

    MessageMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @EventListener
    void on(MessageReceived event) {
        count(event.channel(), Direction.IN);
    }

    @EventListener
    void on(MessageAdded event) {
        if (event.direction() == Direction.OUT) {
            count(event.channel(), Direction.OUT);
        }
    }

    @Override
    public void onAfterSave(AfterSaveEvent<Message> event) {
        Message message = event.getSource();
        if (message.direction() == Direction.OUT && message.author() != null
                && message.author().type() == Author.Type.BOT) {
            Counter.builder("sila.bot.replies").description("The bot's replies by what it made of the message")
                    .tag("outcome", outcome(message.intent())).register(registry).increment();
        }
    }

    /** The special intents the rules layer gives its replies; any other intent is an answer. */
    static String outcome(String intent) {
        if (intent == null) {
            return "other";
        }
        return switch (intent) {
            case "did-you-mean", "not-understood" -> intent;
            case "out-of-scope" -> intent;
            case "handoff" -> "hand-over";
            default -> "answer";
        };
    }

    private void count(ChannelType channel, Direction direction) {
        Counter.builder("sila.messages").description("Messages stored, by channel and direction")
                .tag("channel", channel.name()).tag("direction", direction.name().toLowerCase(Locale.ROOT))
                .register(registry).increment();
    }
}
