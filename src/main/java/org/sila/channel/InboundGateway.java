package org.sila.channel;

/**
 * The one door every adapter uses to hand the hub what a provider sent. Each call returns only once what it
 * carries is durably stored, so an adapter may acknowledge its provider (answer 2xx, advance its offset) after
 * it returns, and must not before. Nothing else happens on the adapter's thread: answering, counting and the
 * console's live updates follow on the hub's own workers.
 */
public interface InboundGateway {

    /** Stores the message once per {@code (channel, externalId)}; the rules layer answers it afterwards. */
    InboundReceipt receive(InboundMessage message);

    void edit(InboundEdit edit);

    void deliveryUpdate(DeliveryUpdate update);

    void optOut(OptOutChange change);

    /** Records, once per {@code (channel, externalId)}, a message the association sent from outside the hub. */
    void echo(OutboundEcho echo);

    /** Moves every outbound message to the address up to the watermark forward (never back). */
    void deliveryWatermark(DeliveryWatermark watermark);
}
