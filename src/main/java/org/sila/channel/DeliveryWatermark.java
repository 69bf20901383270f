package org.sila.channel;

import java.time.Instant;
import java.util.Objects;

/**
 * A receipt that names no message but a moment (Messenger's read and delivery watermarks): every outbound message
 * the hub sent to {@code address} on {@code channel} up to {@code watermark} reached {@code status}.
 */
public record DeliveryWatermark(ChannelType channel, String address, DeliveryStatus status, Instant watermark) {

    public DeliveryWatermark {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(watermark, "watermark");
    }
}
