package org.sila.conversation.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.bson.types.ObjectId;
import org.sila.channel.Attachment;
import org.sila.channel.DeliveryUpdate;
import org.sila.channel.DeliveryWatermark;
import org.sila.channel.InboundEdit;
import org.sila.channel.InboundGateway;
import org.sila.channel.InboundMessage;
import org.sila.channel.InboundReceipt;
import org.sila.channel.OptOutChange;
import org.sila.channel.OutboundEcho;
import org.sila.conversation.Conversation;
import org.sila.conversation.ConversationEvents.MessageAdded;
import org.sila.conversation.ConversationEvents.MessageStatusChanged;
import org.sila.conversation.ConversationProperties;
import org.sila.conversation.Message;
import org.sila.conversation.StoredAttachment;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * The door every adapter uses ({@link InboundGateway}): what a provider sent is stored here, once, before the call
 * returns, and nothing else happens on the adapter's thread. An inbound message is stored already claimed by this
 * run's worker and handed to it in hand, with its conversation, so answering it needs neither a claim nor a read.
 */
@Component
class Intake implements InboundGateway {

    private final MessageStore messages;
    private final BeneficiaryResolver beneficiaries;
    private final ConversationThreads threads;
    private final InboundProcessor processor;
    private final Leases leases;
    private final ConversationProperties properties;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Intake(MessageStore messages, BeneficiaryResolver beneficiaries, ConversationThreads threads,
           InboundProcessor processor, Leases leases, ConversationProperties properties,
           ApplicationEventPublisher events, Optional<Clock> clock) {
        this.messages = messages;
        this.beneficiaries = beneficiaries;
        this.threads = threads;
        this.processor = processor;
        this.leases = leases;
        this.properties = properties;
        this.events = events;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    @Override
    public InboundReceipt receive(InboundMessage in) {
        Message existing = messages.byExternalId(in.channel(), in.externalId());
        if (existing != null) {
            return new InboundReceipt(existing.id(), true);
        }
        for (Attachment a : in.attachments()) {
            if (a.size() > properties.maxAttachmentBytes()) {
                throw new IllegalArgumentException("Attachment " + a.fileName() + " is larger than the store allows");
            }
        }
        Instant now = now();
        String address = in.sender().address();
        String beneficiaryId = beneficiaries.resolve(in.channel(), address, in.sender().displayName(),
                in.sender().phone(), in.sender().language(), now);
        long readAt = System.nanoTime();
        Conversation conversation = threads.of(in, beneficiaryId, now);
        String id = new ObjectId().toHexString();
        List<StoredAttachment> attachments = messages.storeAttachments(id, in.attachments());
        Message message = Message.inbound(id, new Message.Route(conversation.id(), beneficiaryId, in.channel(),
                address), in, attachments, now, leases.claim(now));
        if (!messages.insert(message)) {
            // The provider delivered the same message twice at once; the other delivery stored it.
            Message winner = Objects.requireNonNull(messages.byExternalId(in.channel(), in.externalId()));
            return new InboundReceipt(winner.id(), true);
        }
        processor.take(message, conversation, readAt);
        return new InboundReceipt(id, false);
    }

    @Override
    public void edit(InboundEdit edit) {
        messages.edit(edit.channel(), edit.externalId(), edit.senderAddress(), edit.text(), now());
    }

    /** Status callbacks may come late or twice: a message only moves forward. */
    @Override
    public void deliveryUpdate(DeliveryUpdate update) {
        Message message = messages.byExternalId(update.channel(), update.externalId());
        if (message != null && messages.moveForward(message, update)) {
            events.publishEvent(MessageStatusChanged.of(message, update.status()));
        }
    }

    @Override
    public void optOut(OptOutChange change) {
        beneficiaries.optOut(change.channel(), change.address(), change.optedOut(), now());
    }

    /**
     * Records what the association sent from outside the hub (a provider's echo) as an outbound message that is
     * already {@code SENT}, once per {@code (channel, externalId)}. It is never sent again.
     */
    @Override
    public void echo(OutboundEcho echo) {
        if (messages.byExternalId(echo.channel(), echo.externalId()) != null) {
            return;
        }
        Instant now = now();
        String beneficiaryId = beneficiaries.resolve(echo.channel(), echo.recipient(), null, null, null, now);
        Conversation conversation = threads.open(beneficiaryId, echo.channel(), echo.recipient(), now);
        Map<String, String> details = new HashMap<>(echo.metadata());
        details.put("origin", "outside the hub");
        Message message = Message.echo(new ObjectId().toHexString(), Message.Route.of(conversation), echo, details,
                now);
        if (!messages.insert(message)) {
            return; // the same echo delivered twice at once
        }
        threads.outboundAdded(conversation.id(), now);
        events.publishEvent(MessageAdded.of(message));
    }

    /** A receipt by moment: each outbound message to the address sent up to the watermark moves forward. */
    @Override
    public void deliveryWatermark(DeliveryWatermark watermark) {
        for (Message message : messages.sentUpTo(watermark.channel(), watermark.address(), watermark.watermark())) {
            deliveryUpdate(new DeliveryUpdate(watermark.channel(), message.externalId(), watermark.status(), null,
                    null, watermark.watermark()));
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
