package org.sila.casework;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Casework settings. The committee's answer time is the association's policy: it comes from the active
 * association profile.
 *
 * @param complaintConfirmTime a resolved complaint closes by itself after this, when the complainant has not
 *                             confirmed
 */
@ConfigurationProperties("sila.casework")
public record CaseworkProperties(@DefaultValue("P7D") Duration complaintConfirmTime) {
}
