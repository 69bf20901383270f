package org.sila.ops;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may read the actuator endpoints other than health (metrics, Prometheus): one account for the scraper, sent
 * with HTTP basic authentication. Without a password nobody may.
 *
 * @param username the scraper's user name
 * @param password its password ({@code SILA_METRICS_PASSWORD}); blank: metrics closed
 */
@ConfigurationProperties("sila.metrics")
record MetricsAccess(@DefaultValue("prometheus") String username, String password) {

    boolean open() {
        return password != null && !password.isBlank();
    }
}
