package org.sila.channel;

import java.util.Map;
import java.util.Objects;

/**
 * What a provider said when it took a message.
 *
 * @param externalId the provider's id of the sent message (status callbacks and threading refer to it)
 * @param status     {@code SENT}, or {@code DELIVERED} when the channel delivers synchronously
 * @param details    facts for staff: segment count, the route taken (a template, an SMS fallback) ...
 */
public record SendResult(String externalId, DeliveryStatus status, Map<String, String> details) {

    public SendResult {
        Objects.requireNonNull(status, "status");
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    public static SendResult sent(String externalId) {
        return new SendResult(externalId, DeliveryStatus.SENT, Map.of());
    }
}
