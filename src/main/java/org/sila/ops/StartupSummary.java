package org.sila.ops;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import org.sila.association.AssociationProfiles;
import org.sila.channel.ChannelSender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** The one line a system administrator reads at start: where the hub listens, for whom, on what store and channels. */
@Component
class StartupSummary {

    private static final Logger log = LoggerFactory.getLogger(StartupSummary.class);

    private final Environment environment;
    private final AssociationProfiles associations;
    private final StoreHealth store;
    private final List<ChannelSender> senders;
    private final MetricsAccess metrics;

    StartupSummary(Environment environment, AssociationProfiles associations, StoreHealth store,
                   List<ChannelSender> senders, MetricsAccess metrics) {
        this.environment = environment;
        this.associations = associations;
        this.store = store;
        this.senders = senders;
        this.metrics = metrics;
    }

    @EventListener(ApplicationReadyEvent.class)
    void ready() {
        log.info(line());
    }

    String line() {
        String address = environment.getProperty("server.address", "all interfaces");
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        var association = associations.active();
        Set<String> channels = new TreeSet<>();
        senders.forEach(sender -> sender.channels().forEach(c -> channels.add(c.name().toLowerCase(Locale.ROOT))));
        return "Sila is ready on port " + port + " (" + address + ") for the association '" + association.id() + "' ("
                + association.name().en() + ") · store: " + store.description() + " · channels on: "
                + String.join(", ", channels) + " · metrics: "
                + (metrics.open() ? "/actuator/prometheus (user '" + metrics.username() + "')"
                : "closed (set SILA_METRICS_PASSWORD)") + " · API description: /v3/api-docs";
    }
}
