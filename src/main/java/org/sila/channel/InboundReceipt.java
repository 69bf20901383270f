package org.sila.channel;

/**
 * What the hub answers an adapter once an inbound message is durably stored.
 *
 * @param messageId the hub's id of the stored message
 * @param duplicate true when the same {@code (channel, externalId)} was stored before; nothing new happened
 */
public record InboundReceipt(String messageId, boolean duplicate) {
}
