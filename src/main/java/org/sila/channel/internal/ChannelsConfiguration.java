package org.sila.channel.internal;

import org.sila.channel.OutboundRouter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.config.EnableIntegration;

/**
 * The outbound message channel: the outbox hands each stored message to it, and the routing flow
 * ({@link OutboundRouting}) takes it to its channel's sender. Direct (the outbox worker's thread) on purpose: the
 * worker records what the provider answered. Inbound needs no channel: adapters call the hub's
 * {@link org.sila.channel.InboundGateway} directly, which stores before it returns.
 */
@Configuration(proxyBeanMethods = false)
@EnableIntegration
class ChannelsConfiguration {

    @Bean(OutboundRouter.OUTBOUND)
    DirectChannel outboundChannel() {
        return new DirectChannel();
    }
}
