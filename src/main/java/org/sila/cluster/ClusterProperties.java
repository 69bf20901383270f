package org.sila.cluster;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How hub instances on one store find each other and relay live updates.
 *
 * @param pollInterval how often an instance looks for updates relayed by the others (the live delay they add)
 * @param heartbeat    how often an instance says it is alive; one unheard of for three heartbeats is gone
 * @param keepUpdates  how long relayed updates stay in the store (a slow instance still finds them)
 */
@ConfigurationProperties("sila.cluster")
record ClusterProperties(
        @DefaultValue("100ms") Duration pollInterval,
        @DefaultValue("1s") Duration heartbeat,
        @DefaultValue("30s") Duration keepUpdates) {
}
