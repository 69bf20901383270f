package org.sila.channel.internal;

import org.sila.channel.InboundGateway;
import org.sila.channel.OutboundRouter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.config.EnableIntegration;

/**
 * The message channels of the pipeline. They are direct (the caller's thread) on purpose: an inbound call must
 * return only once the message is stored. To scale out, these are the channels to back with a broker.
 */
@Configuration(proxyBeanMethods = false)
@EnableIntegration
class ChannelsConfiguration {

    @Bean(InboundGateway.INBOUND)
    DirectChannel inboundChannel() {
        return new DirectChannel();
    }

    @Bean(InboundGateway.EDITS)
    DirectChannel inboundEditsChannel() {
        return new DirectChannel();
    }

    @Bean(InboundGateway.DELIVERY_UPDATES)
    DirectChannel deliveryUpdatesChannel() {
        return new DirectChannel();
    }

    @Bean(InboundGateway.OPT_OUTS)
    DirectChannel optOutsChannel() {
        return new DirectChannel();
    }

    @Bean(InboundGateway.ECHOES)
    DirectChannel echoesChannel() {
        return new DirectChannel();
    }

    @Bean(InboundGateway.WATERMARKS)
    DirectChannel watermarksChannel() {
        return new DirectChannel();
    }

    @Bean(OutboundRouter.OUTBOUND)
    DirectChannel outboundChannel() {
        return new DirectChannel();
    }
}
