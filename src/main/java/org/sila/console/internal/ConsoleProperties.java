package org.sila.console.internal;

import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param zone the association's time zone, for the dates staff read
 */
@ConfigurationProperties("sila.console")
record ConsoleProperties(@DefaultValue("Asia/Riyadh") ZoneId zone) {
}
