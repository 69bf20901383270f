package org.sila.meta;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sila.channel.InboundGateway;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The Messenger and Instagram adapter; on only when the app secret and the Page access token are set. */
@Configuration(proxyBeanMethods = false)
@Conditional(MetaEnabled.class)
@EnableConfigurationProperties(MetaProperties.class)
class MetaConfiguration {

    private static final Logger log = LoggerFactory.getLogger(MetaConfiguration.class);

    /** The adapter's own mapper: a bean of this type would replace Boot's. */
    private final JsonMapper json = JsonMapper.builder().build();

    @Bean
    MetaSignature metaSignature(MetaProperties properties) {
        if (properties.verifyToken() == null || properties.verifyToken().isBlank()) {
            log.warn("sila.meta.verify-token is not set: Meta's webhook subscription check will be refused");
        }
        return new MetaSignature(properties.appSecret());
    }

    @Bean
    GraphApiClient metaGraphApiClient(MetaProperties properties, MetaSignature signature) {
        return new GraphApiClient(properties, signature, json);
    }

    @Bean
    MetaWebhookParser metaWebhookParser() {
        return new MetaWebhookParser(json);
    }

    @Bean
    SentLedger metaSentLedger() {
        return new SentLedger();
    }

    @Bean
    MetaInbound metaInbound(InboundGateway gateway, GraphApiClient graph, SentLedger ledger,
                            MetaProperties properties) {
        return new MetaInbound(gateway, graph, new MetaProfiles(graph), ledger, properties);
    }
}
