package org.sila.channel;

/**
 * What an outbound message asks the beneficiary for, in its metadata, so that a channel with a native control for
 * that answer offers it: Telegram's "share my phone number" button for {@link #PHONE}. Other channels ignore it;
 * the text asks in words anyway.
 */
public final class Asking {

    /** Metadata key: what is asked ({@link #PHONE}). */
    public static final String KEY = "asking";
    /** Metadata key: the control's label, in the beneficiary's language. */
    public static final String LABEL = "askingLabel";
    public static final String PHONE = "phone";

    private Asking() {
    }
}
