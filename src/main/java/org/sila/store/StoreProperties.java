package org.sila.store;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The embedded store, used when no MongoDB URI is configured.
 *
 * @param path     file the embedded store persists to
 * @param inMemory keep nothing on disk (tests)
 * @param port     port of the embedded server on 127.0.0.1; 0 picks a free one
 */
@ConfigurationProperties("sila.store")
public record StoreProperties(String path, boolean inMemory, int port) {

    public StoreProperties {
        path = path == null || path.isBlank() ? "./data/sila.mv" : path;
    }
}
