package org.sila.announce;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How announcements are handed to the outbox ({@code sila.announce.*}). The outbox paces each provider to its
 * limit; handing over a batch at a time keeps a large announcement from crowding out replies waiting behind it.
 *
 * @param interval how often a batch is handed over
 * @param batch    recipients per batch
 * @param lease    how long a worker may take over one recipient before another takes it over
 * @param initialDelay how long after the start the first batch goes (resuming what a stop interrupted)
 */
@ConfigurationProperties("sila.announce")
public record AnnounceProperties(@DefaultValue("1s") Duration interval, @DefaultValue("20") int batch,
                                 @DefaultValue("1m") Duration lease, @DefaultValue("10s") Duration initialDelay) {
}
