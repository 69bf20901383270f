package org.sila.channel;

import java.time.Instant;
import java.util.Objects;

/** A provider's word on a message it took earlier (status callbacks, read receipts). */
public record DeliveryUpdate(ChannelType channel, String externalId, DeliveryStatus status,
                             String errorCode, String errorMessage, Instant at) {

    public DeliveryUpdate {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(externalId, "externalId");
        Objects.requireNonNull(status, "status");
        at = at == null ? Instant.now() : at;
    }
}
