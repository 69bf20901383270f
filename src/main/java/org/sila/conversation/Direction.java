package org.sila.conversation;

public enum Direction {
    /** From the beneficiary. */
    IN,
    /** To the beneficiary. */
    OUT,
    /** A private staff note, never shown to the beneficiary. */
    NOTE
}
