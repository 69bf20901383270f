package org.sila.channel;

/**
 * A channel-neutral choice offered with an outbound message (menus, "did you mean", survey scores).
 * Each adapter renders it its own way: Telegram buttons, WhatsApp/Messenger quick replies, numbered
 * lines on SMS, buttons in the web chat. When the beneficiary picks one, the inbound message carries
 * {@code payload} as its quick-reply payload.
 */
public record QuickReply(String title, String payload) {

    public static QuickReply of(String title) {
        return new QuickReply(title, title);
    }
}
