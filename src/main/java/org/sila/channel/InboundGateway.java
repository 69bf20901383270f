package org.sila.channel;

import org.springframework.integration.annotation.Gateway;
import org.springframework.integration.annotation.MessagingGateway;

/**
 * The one door every adapter uses to hand the hub what a provider sent. Each call returns only once what it
 * carries is durably stored, so an adapter may acknowledge its provider (answer 2xx, advance its offset) after
 * it returns, and must not before.
 */
@MessagingGateway
public interface InboundGateway {

    String INBOUND = "sila.inbound";
    String EDITS = "sila.inbound.edits";
    String DELIVERY_UPDATES = "sila.inbound.delivery";
    String OPT_OUTS = "sila.inbound.optouts";
    String ECHOES = "sila.inbound.echoes";
    String WATERMARKS = "sila.inbound.watermarks";

    /** Stores the message once per {@code (channel, externalId)}; the rules layer answers it afterwards. */
    @Gateway(requestChannel = INBOUND)
    InboundReceipt receive(InboundMessage message);

    @Gateway(requestChannel = EDITS)
    void edit(InboundEdit edit);

    @Gateway(requestChannel = DELIVERY_UPDATES)
    void deliveryUpdate(DeliveryUpdate update);

    @Gateway(requestChannel = OPT_OUTS)
    void optOut(OptOutChange change);

    /** Records, once per {@code (channel, externalId)}, a message the association sent from outside the hub. */
    @Gateway(requestChannel = ECHOES)
    void echo(OutboundEcho echo);

    /** Moves every outbound message to the address up to the watermark forward (never back). */
    @Gateway(requestChannel = WATERMARKS)
    void deliveryWatermark(DeliveryWatermark watermark);
}
