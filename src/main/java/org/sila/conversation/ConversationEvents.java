package org.sila.conversation;

import org.sila.channel.ChannelType;
import org.sila.channel.DeliveryStatus;

/** What happened in conversations, as application events for the modules that care. */
public final class ConversationEvents {

    private ConversationEvents() {
    }

    /** An inbound message was stored (once: duplicates raise nothing). */
    public record MessageReceived(String messageId, String conversationId, String beneficiaryId, ChannelType channel) {
    }

    /** An outbound message or a note was stored. */
    public record MessageAdded(String messageId, String conversationId, Direction direction) {
    }

    /** An outbound message moved on (sent, delivered, read, failed). */
    public record MessageStatusChanged(String messageId, String conversationId, DeliveryStatus status) {
    }

    public record ConversationStatusChanged(String conversationId, ConversationStatus status, String assignee) {
    }

    /** Two records turned out to be one person (a shared phone): {@code from} was folded into {@code into}. */
    public record BeneficiariesMerged(String from, String into) {
    }
}
