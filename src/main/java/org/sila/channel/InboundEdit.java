package org.sila.channel;

import java.util.Objects;

/**
 * The beneficiary edited a message they sent earlier: the stored text follows, only when the edit comes from the
 * address that sent it (a provider's message id alone is no proof of who is editing).
 *
 * @param senderAddress the editing sender's address on the channel, as {@code Sender.address} had it
 */
public record InboundEdit(ChannelType channel, String externalId, String senderAddress, String text) {

    public InboundEdit {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(externalId, "externalId");
        Objects.requireNonNull(senderAddress, "senderAddress");
        text = text == null ? "" : text;
    }
}
