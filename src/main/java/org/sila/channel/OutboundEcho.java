package org.sila.channel;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A message the association's own account sent from outside the hub (a person answering in the provider's own
 * inbox, another app), which the provider echoes to the hub. It is recorded as outbound, once per
 * {@code (channel, externalId)}, so the conversation shows everything the beneficiary was told. Echoes of what
 * the hub itself sent are not handed in.
 *
 * @param recipient the channel address of the beneficiary it went to
 * @param metadata  channel facts (the sending app, the attachment types ...)
 */
public record OutboundEcho(ChannelType channel, String externalId, String recipient, String text, Instant sentAt,
                           Map<String, String> metadata) {

    public OutboundEcho {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(externalId, "externalId");
        Objects.requireNonNull(recipient, "recipient");
        text = text == null ? "" : text;
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
