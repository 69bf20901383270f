package org.sila.channel;

/** Where an outbound message stands. Inbound messages are stored as {@link #DELIVERED}. */
public enum DeliveryStatus {
    /** Stored, not yet accepted by the provider (waiting for its first try or a retry). */
    QUEUED,
    /** Accepted by the provider. */
    SENT,
    DELIVERED,
    READ,
    /** Given up: the error is kept on the message for staff. */
    FAILED;

    /** Status callbacks can arrive out of order: a later stage never moves back. */
    public boolean isAfter(DeliveryStatus other) {
        if (this == FAILED || other == FAILED) {
            return this == FAILED && other != FAILED;
        }
        return ordinal() > other.ordinal();
    }
}
