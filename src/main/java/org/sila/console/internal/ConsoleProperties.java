package org.sila.console.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param streamsPerSession live-update streams one sign-in session may hold (tabs)
 * @param maxStreams        live-update streams of the whole console
 */
@ConfigurationProperties("sila.console")
record ConsoleProperties(@DefaultValue("5") int streamsPerSession,
                         @DefaultValue("200") int maxStreams) {
}
