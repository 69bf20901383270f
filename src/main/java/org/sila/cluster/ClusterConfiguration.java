package org.sila.cluster;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/**
 * What hub instances on one store share through it: provider rate limits ({@link StoreRateLimits}) and the live
 * updates of streams ({@link StoreLiveRelay}). One instance alone behaves as before.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ClusterProperties.class)
class ClusterConfiguration {
}
