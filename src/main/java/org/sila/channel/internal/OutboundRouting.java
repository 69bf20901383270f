package org.sila.channel.internal;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import io.micrometer.core.instrument.MeterRegistry;

import org.sila.channel.ChannelSendException;
import org.sila.channel.ChannelSender;
import org.sila.channel.ChannelType;
import org.sila.channel.OutboundMessage;
import org.sila.channel.OutboundRouter;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.dsl.IntegrationFlow;

/**
 * Routes each outbound message to the sender of its channel, measuring each provider call ({@link ProviderCalls}),
 * and reports the health of every enabled channel under {@code channels}.
 */
@Configuration(proxyBeanMethods = false)
class OutboundRouting {

    @Bean
    ProviderCalls providerCalls(MeterRegistry registry) {
        return new ProviderCalls(registry);
    }

    @Bean("channels")
    CompositeHealthContributor channelsHealth(List<ChannelSender> senders, ProviderCalls calls) {
        Map<String, HealthIndicator> byChannel = new TreeMap<>();
        senders.forEach(sender -> sender.channels().forEach(type ->
                byChannel.put(type.name().toLowerCase(Locale.ROOT), calls.health(type))));
        return CompositeHealthContributor.fromMap(byChannel);
    }

    @Bean
    IntegrationFlow outboundRoutingFlow(List<ChannelSender> senders, ProviderCalls calls) {
        Map<ChannelType, ChannelSender> byChannel = new EnumMap<>(ChannelType.class);
        for (ChannelSender sender : senders) {
            for (ChannelType type : sender.channels()) {
                ChannelSender previous = byChannel.put(type, sender);
                if (previous != null) {
                    throw new IllegalStateException("Two senders claim " + type + ": "
                            + previous.getClass().getName() + " and " + sender.getClass().getName());
                }
            }
        }
        return IntegrationFlow.from(OutboundRouter.OUTBOUND)
                .<OutboundMessage, ChannelType>route(OutboundMessage::channel, router -> {
                    byChannel.forEach((type, sender) -> router.subFlowMapping(type,
                            flow -> flow.<OutboundMessage>handle((message, headers) -> calls.send(sender, message))));
                    router.defaultSubFlowMapping(flow -> flow.<OutboundMessage>handle((message, headers) -> {
                        // Retryable: the adapter may be switched on at the next start.
                        throw ChannelSendException.retryable("NO_ADAPTER",
                                "No adapter is enabled for " + message.channel(), null, null);
                    }));
                })
                .get();
    }
}
