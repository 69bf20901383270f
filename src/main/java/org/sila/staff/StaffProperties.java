package org.sila.staff;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Staff login settings.
 *
 * @param adminPassword   the first admin's password ({@code SILA_ADMIN_PASSWORD}); empty: a one-time password is
 *                        printed once in the log and must be changed at first login
 * @param maxFailedLogins failures in a row before the account is locked
 * @param lockout         how long a locked account stays locked
 */
@ConfigurationProperties("sila.staff")
public record StaffProperties(String adminPassword, @DefaultValue("5") int maxFailedLogins,
                              @DefaultValue("15m") Duration lockout) {
}
