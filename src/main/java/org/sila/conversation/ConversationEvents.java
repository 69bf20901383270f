package org.sila.conversation;

import java.time.Instant;

import org.sila.channel.ChannelType;
import org.sila.channel.DeliveryStatus;

/** What happened in conversations, as application events for the modules that care. */
public final class ConversationEvents {

    private ConversationEvents() {
    }

    /** An inbound message was stored and handled (once: duplicates raise nothing). */
    public record MessageReceived(String messageId, String conversationId, String beneficiaryId, ChannelType channel,
                                  Instant createdAt) {

        public static MessageReceived of(Message message) {
            return new MessageReceived(message.id(), message.conversationId(), message.beneficiaryId(),
                    message.channel(), message.createdAt());
        }
    }

    /** An outbound message or a note was stored; what listeners most need of it comes along. */
    public record MessageAdded(String messageId, String conversationId, Direction direction, ChannelType channel,
                               Author author, Instant createdAt) {

        public static MessageAdded of(Message message) {
            return new MessageAdded(message.id(), message.conversationId(), message.direction(), message.channel(),
                    message.author(), message.createdAt());
        }
    }

    /** An outbound message moved on (sent, delivered, read, failed); {@code notification}: one the hub started. */
    public record MessageStatusChanged(String messageId, String conversationId, DeliveryStatus status,
                                       boolean notification) {

        public static MessageStatusChanged of(Message message, DeliveryStatus status) {
            return new MessageStatusChanged(message.id(), message.conversationId(), status, message.notification());
        }
    }

    /** A conversation moved on; what counting it needs of the conversation comes along. */
    public record ConversationStatusChanged(String conversationId, ConversationStatus status, String assignee,
                                            ChannelType channel, Instant createdAt, Instant resolvedAt) {

        public static ConversationStatusChanged of(Conversation conversation) {
            return new ConversationStatusChanged(conversation.id(), conversation.status(), conversation.assignee(),
                    conversation.channel(), conversation.createdAt(), conversation.resolvedAt());
        }
    }

    /** Two records turned out to be one person (a shared phone): {@code from} was folded into {@code into}. */
    public record BeneficiariesMerged(String from, String into) {
    }
}
