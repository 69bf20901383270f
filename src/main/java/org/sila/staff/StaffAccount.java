package org.sila.staff;

import java.time.Instant;
import java.util.Set;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A staff member's account. The id is the login name.
 *
 * @param passwordHash       BCrypt
 * @param failedLogins       failed logins in a row; reset by a successful one
 * @param lockedUntil        after too many failures, no login until then
 * @param mustChangePassword a one-time password was issued: the console asks for a new one first
 */
@Document("staff")
public record StaffAccount(@Id String username, String displayName, String passwordHash, Set<Role> roles,
                           boolean active, int failedLogins, Instant lockedUntil, boolean mustChangePassword,
                           Instant createdAt) {

    public Set<Role> roles() {
        return roles == null ? Set.of() : roles;
    }
}
