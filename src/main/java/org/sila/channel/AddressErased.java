package org.sila.channel;

/**
 * A beneficiary's address on a channel was erased with everything they said (a data-protection erasure). An adapter
 * that keeps something of the address outside the message store (a rate limit's turns, a live update in flight to
 * another instance) drops it when it hears this, so nothing of the person outlives the erasure there either.
 */
public record AddressErased(ChannelType channel, String address) {
}
