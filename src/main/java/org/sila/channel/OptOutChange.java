package org.sila.channel;

import java.util.Objects;

/** A beneficiary opted out of (or back into) notifications on a channel address, e.g. SMS "STOP" / "إيقاف". */
public record OptOutChange(ChannelType channel, String address, boolean optedOut) {

    public OptOutChange {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(address, "address");
    }
}
