package org.sila.conversation;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.sila.channel.ChannelType;
import org.sila.channel.DeliveryStatus;
import org.sila.channel.InboundMessage;
import org.sila.channel.OutboundEcho;
import org.sila.channel.QuickReply;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One message in a conversation. For outbound messages this record is the outbox: it is stored {@code QUEUED}
 * before any provider is called and carries its attempts and next try until it is sent or has failed. Made by the
 * factories below, one per kind of message; only {@code conversation.internal.MessageStore} writes it.
 *
 * @param externalId  the provider's id
 * @param externalKey {@code CHANNEL:externalId}, present once the provider id is known; unique, which makes inbound
 *                    idempotent (one field, so a sparse index serves: the embedded store has no partial indexes)
 * @param intent      for bot replies, the rules layer's intent id; {@code confidence} its score
 * @param answers     for a reply, the inbound message it answers (so handling that message again after a failure
 *                    can tell it was answered)
 * @param nextAttemptAt for a queued outbound message, its next try; while a worker holds it, the end of its lease
 * @param leaseUntil  while a worker handles an inbound message, until when
 * @param leaseHolder the run of the hub that holds the message (see {@code conversation.internal.Leases})
 * @param handledAt   for inbound messages, when the rules layer finished with it (null: still to do)
 * @param handlingAttempts how often the rules layer took it up
 * @param details     channel facts (inbound metadata, or what the provider said: segments, route taken)
 * @param workKey     the message's id while it waits for a worker that must claim it (after a restart, a
 *                    failure, a retry); a worker claims it by removing the key in one atomic update. A single
 *                    unique field, because the embedded store uses an index only for a query on exactly its keys.
 *                    A message the hub stores for a worker of its own is stored already claimed, without one.
 */
@Document("messages")
public record Message(
        @Id String id,
        String conversationId,
        String beneficiaryId,
        Direction direction,
        ChannelType channel,
        String address,
        String externalId,
        String externalKey,
        String text,
        List<StoredAttachment> attachments,
        Author author,
        String intent,
        Double confidence,
        List<QuickReply> quickReplies,
        String quickReplyPayload,
        List<String> inReplyTo,
        String answers,
        boolean notification,
        DeliveryStatus status,
        String errorCode,
        String error,
        int attempts,
        Instant nextAttemptAt,
        Instant leaseUntil,
        String leaseHolder,
        Instant createdAt,
        Instant sentAt,
        Instant deliveredAt,
        Instant readAt,
        Instant handledAt,
        int handlingAttempts,
        Instant editedAt,
        Map<String, String> details,
        String workKey) {

    /** Where a message belongs: its conversation, whose beneficiary it concerns, and the channel address. */
    public record Route(String conversationId, String beneficiaryId, ChannelType channel, String address) {

        public static Route of(Conversation conversation) {
            return new Route(conversation.id(), conversation.beneficiaryId(), conversation.channel(),
                    conversation.address());
        }

        public static Route of(Message message) {
            return new Route(message.conversationId(), message.beneficiaryId(), message.channel(),
                    message.address());
        }
    }

    /** A worker's hold on a message: which run of the hub, until when. */
    public record Claim(String holder, Instant until) {
    }

    /** What a beneficiary sent, stored claimed by the worker that will hand it to the rules layer. */
    public static Message inbound(String id, Route route, InboundMessage in, List<StoredAttachment> attachments,
                                  Instant now, Claim claim) {
        return new Message(id, route.conversationId(), route.beneficiaryId(), Direction.IN, in.channel(),
                route.address(), in.externalId(), externalKey(in.channel(), in.externalId()), in.text(),
                attachments, Author.BENEFICIARY, null, null, null, in.quickReplyPayload(), in.inReplyTo(), null,
                false, DeliveryStatus.DELIVERED, null, null, 0, null, claim.until(), claim.holder(), now,
                in.sentAt(), now, null, null, 1, null, in.metadata(), null);
    }

    /** A reply or notification, stored {@code QUEUED} and claimed by the worker that will send it first. */
    public static Message outbound(String id, Route route, Reply reply, String answers, Instant now,
                                   Claim claim) {
        return new Message(id, route.conversationId(), route.beneficiaryId(), Direction.OUT, route.channel(),
                route.address(), null, null, reply.text(), reply.attachments(), reply.author(), reply.intent(),
                reply.confidence(), reply.quickReplies(), null, null, answers, reply.notification(),
                DeliveryStatus.QUEUED, null, null, 1, claim.until(), null, claim.holder(), now, null, null, null,
                null, 0, null, reply.details(), null);
    }

    /** A private staff note; never sent. */
    public static Message note(String id, Route route, String staffId, String text, Instant now) {
        return new Message(id, route.conversationId(), route.beneficiaryId(), Direction.NOTE, route.channel(),
                route.address(), null, null, text, List.of(), Author.staff(staffId), null, null, null, null, null,
                null, false, null, null, null, 0, null, null, null, now, null, null, null, null, 0, null, null,
                null);
    }

    /** What the association sent from outside the hub: recorded {@code SENT}, never sent again. */
    public static Message echo(String id, Route route, OutboundEcho echo, Map<String, String> details,
                               Instant now) {
        return new Message(id, route.conversationId(), route.beneficiaryId(), Direction.OUT, echo.channel(),
                echo.recipient(), echo.externalId(), externalKey(echo.channel(), echo.externalId()), echo.text(),
                List.of(), Author.staff(null), null, null, null, null, null, null, false, DeliveryStatus.SENT, null,
                null, 0, null, null, null, now, echo.sentAt() == null ? now : echo.sentAt(), null, null, null, 0,
                null, details, null);
    }

    public static String externalKey(ChannelType channel, String externalId) {
        return externalId == null ? null : channel.name() + ":" + externalId;
    }

    public List<StoredAttachment> attachments() {
        return attachments == null ? List.of() : attachments;
    }

    public List<QuickReply> quickReplies() {
        return quickReplies == null ? List.of() : quickReplies;
    }

    public List<String> inReplyTo() {
        return inReplyTo == null ? List.of() : inReplyTo;
    }

    public Map<String, String> details() {
        return details == null ? Map.of() : details;
    }

    public Route route() {
        return Route.of(this);
    }
}
