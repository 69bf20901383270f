package org.sila.channel;

/**
 * The one set of rules every adapter applies to what a provider hands it, before anything is stored: what no
 * provider ever sends is refused (the adapter answers 4xx and stores nothing), and nothing else is. The limits are
 * documented in each channel's manifest ({@code docs/channels/*.yml}).
 */
public final class InboundRules {

    /**
     * The longest text a beneficiary can send on any messaging channel, in characters (Unicode code points):
     * Telegram and WhatsApp allow 4,096, Messenger 2,000, Instagram 1,000, SMS 1,600. E-mail is not held to it: a
     * mail's text is what the mail says, however long.
     */
    public static final int MAX_TEXT_CHARS = 4096;

    private InboundRules() {
    }

    /** @throws Refused when the message is not one a provider sends */
    public static InboundMessage check(InboundMessage message) {
        checkAddress(message.sender().address());
        if (message.channel() != ChannelType.EMAIL) {
            checkText(message.text());
        }
        return message;
    }

    /** @throws Refused when the text is longer than any provider delivers */
    public static void checkText(String text) {
        if (text != null && text.length() > MAX_TEXT_CHARS
                && text.codePointCount(0, text.length()) > MAX_TEXT_CHARS) {
            throw new Refused("The text is longer than " + MAX_TEXT_CHARS + " characters");
        }
    }

    /** @throws Refused when the sender has no address to answer */
    public static void checkAddress(String address) {
        if (address == null || address.isBlank()) {
            throw new Refused("The sender has no address");
        }
    }

    /** Input no provider sends: the adapter answers 4xx with this message, logs one line, and stores nothing. */
    public static final class Refused extends IllegalArgumentException {
        public Refused(String message) {
            super(message);
        }
    }
}
