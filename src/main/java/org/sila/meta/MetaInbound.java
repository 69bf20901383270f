package org.sila.meta;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.sila.channel.Attachment;
import org.sila.channel.DeliveryStatus;
import org.sila.channel.DeliveryUpdate;
import org.sila.channel.DeliveryWatermark;
import org.sila.channel.InboundEdit;
import org.sila.channel.InboundGateway;
import org.sila.channel.InboundMessage;
import org.sila.channel.OutboundEcho;
import org.sila.channel.Sender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands what a webhook delivery carried to the hub, event by event, each call returning once it is stored. Files
 * within the size limit are fetched first (Meta's links expire); larger ones are not downloaded but named in the
 * message's metadata, so the rules layer can tell the beneficiary.
 */
class MetaInbound {

    private static final Logger log = LoggerFactory.getLogger(MetaInbound.class);

    /** Metadata keys of this adapter. */
    static final String META_LINKS = "sharedLinks";
    static final String META_ATTACHMENTS_NOT_FETCHED = "attachmentsNotFetched";
    static final String META_REPLY_TO = "replyTo";
    static final String META_POSTBACK = "postback";

    private final InboundGateway gateway;
    private final GraphApiClient graph;
    private final MetaProfiles profiles;
    private final SentLedger ledger;
    private final MetaProperties properties;

    MetaInbound(InboundGateway gateway, GraphApiClient graph, MetaProfiles profiles, SentLedger ledger,
                MetaProperties properties) {
        this.gateway = gateway;
        this.graph = graph;
        this.profiles = profiles;
        this.ledger = ledger;
        this.properties = properties;
    }

    void handle(MetaEvent event) {
        if (event instanceof MetaEvent.Incoming in) {
            gateway.receive(toMessage(in));
        } else if (event instanceof MetaEvent.Echo echo) {
            echo(echo);
        } else if (event instanceof MetaEvent.Edit edit) {
            gateway.edit(new InboundEdit(edit.channel(), edit.externalId(), edit.senderId(), edit.text()));
        } else if (event instanceof MetaEvent.Receipt receipt) {
            receipt(receipt);
        }
    }

    private InboundMessage toMessage(MetaEvent.Incoming in) {
        Map<String, String> metadata = new HashMap<>();
        List<Attachment> attachments = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        List<String> notFetched = new ArrayList<>();
        List<String> links = new ArrayList<>();
        for (MetaEvent.SharedItem item : in.items()) {
            if (!item.isFile()) {
                links.add(item.type() + (item.url() == null ? "" : ": " + item.url()));
                continue;
            }
            GraphApiClient.Download download = graph.download(item.url(), properties.maxAttachmentBytes());
            if (download instanceof GraphApiClient.Download.Fetched f) {
                attachments.add(new Attachment(f.fileName(), f.contentType(), f.content()));
            } else if (download instanceof GraphApiClient.Download.TooLarge t) {
                rejected.add(item.type() + (t.size() > 0 ? " (" + megabytes(t.size()) + ")" : " (over the limit)"));
            } else if (download instanceof GraphApiClient.Download.Failed failed) {
                log.warn("{} {} of {}: file not fetched ({}); the message is stored without it",
                        in.channel(), item.type(), in.externalId(), failed.reason());
                notFetched.add(item.type() + ": " + item.url());
            }
        }
        if (!rejected.isEmpty()) {
            metadata.put(InboundMessage.META_ATTACHMENTS_REJECTED, String.join(", ", rejected));
            metadata.put(InboundMessage.META_ATTACHMENT_LIMIT_BYTES, Long.toString(properties.maxAttachmentBytes()));
        }
        if (!notFetched.isEmpty()) {
            metadata.put(META_ATTACHMENTS_NOT_FETCHED, String.join("\n", notFetched));
        }
        if (!links.isEmpty()) {
            metadata.put(META_LINKS, String.join("\n", links));
        }
        if (in.replyTo() != null) {
            metadata.put(META_REPLY_TO, in.replyTo());
        }
        if (in.content() != null) {
            metadata.putAll(in.content().toMetadata());
        }
        String name = profiles.name(in.channel(), in.senderId());
        return new InboundMessage(in.channel(), in.externalId(), new Sender(in.senderId(), name, null, null),
                in.text(), attachments, in.sentAt(), in.payload(), List.of(), metadata);
    }

    private void echo(MetaEvent.Echo echo) {
        if (echo.metadata() != null && echo.metadata().startsWith(MetaSender.ECHO_MARKER)) {
            return; // the hub sent it and records it itself
        }
        if (ledger.sentByHub(echo.recipientId(), echo.externalId(), properties.timeout())) {
            return;
        }
        Map<String, String> metadata = new HashMap<>();
        if (echo.appId() != null) {
            metadata.put("appId", echo.appId());
        }
        if (!echo.items().isEmpty()) {
            metadata.put(META_LINKS, String.join("\n", echo.items().stream()
                    .map(i -> i.type() + (i.url() == null ? "" : ": " + i.url())).toList()));
        }
        gateway.echo(new OutboundEcho(echo.channel(), echo.externalId(), echo.recipientId(), echo.text(),
                echo.sentAt(), metadata));
    }

    private void receipt(MetaEvent.Receipt receipt) {
        DeliveryStatus status = receipt.read() ? DeliveryStatus.READ : DeliveryStatus.DELIVERED;
        for (String id : receipt.externalIds()) {
            gateway.deliveryUpdate(new DeliveryUpdate(receipt.channel(), id, status, null, null, receipt.watermark()));
        }
        if (receipt.watermark() != null) {
            gateway.deliveryWatermark(new DeliveryWatermark(receipt.channel(), receipt.userId(), status,
                    receipt.watermark()));
        }
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1_048_576.0);
    }
}
