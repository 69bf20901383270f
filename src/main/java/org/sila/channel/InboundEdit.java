package org.sila.channel;

import java.util.Objects;

/** The beneficiary edited a message they sent earlier: the stored text follows. */
public record InboundEdit(ChannelType channel, String externalId, String text) {

    public InboundEdit {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(externalId, "externalId");
        text = text == null ? "" : text;
    }
}
