package org.sila.staff;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/** Staff accounts: who exists, with which roles; passwords are only ever stored hashed. */
@Service
public class StaffDirectory {

    private final MongoTemplate mongo;
    private final PasswordEncoder passwords;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    StaffDirectory(MongoTemplate mongo, PasswordEncoder passwords, Optional<Clock> clock,
                   ApplicationEventPublisher events) {
        this.events = events;
        this.mongo = mongo;
        this.passwords = passwords;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    /**
     * A login name as it is stored: trimmed and lower-case. Sign-in, the failure counter and account creation all
     * go through here, so {@code RES2}, {@code res2} and {@code " res2"} are one account with one lock-out.
     */
    public static String loginName(String typed) {
        return typed == null ? "" : typed.strip().toLowerCase(java.util.Locale.ROOT);
    }

    /** Creates an account; a login name is taken once. */
    public StaffAccount create(String username, String displayName, String rawPassword, Set<Role> roles,
                               boolean mustChangePassword) {
        String name = loginName(username);
        if (!name.matches("[a-z0-9._-]{2,40}")) {
            throw new IllegalArgumentException("A login name is 2-40 letters, digits, dots, dashes or underscores");
        }
        if (rawPassword == null || rawPassword.length() < 10) {
            throw new IllegalArgumentException("A password has at least 10 characters");
        }
        if (roles == null || roles.isEmpty()) {
            throw new IllegalArgumentException("An account needs at least one role");
        }
        var account = new StaffAccount(name, displayName == null || displayName.isBlank() ? name : displayName.strip(),
                passwords.encode(rawPassword), EnumSet.copyOf(roles), true, 0, null, mustChangePassword, now());
        try {
            mongo.insert(account);
        } catch (DuplicateKeyException taken) {
            throw new IllegalArgumentException("The login name " + name + " is taken");
        }
        return account;
    }

    public Optional<StaffAccount> find(String username) {
        return Optional.ofNullable(username == null ? null : mongo.findById(username, StaffAccount.class));
    }

    public List<StaffAccount> all() {
        return mongo.find(query(where("_id").exists(true)).with(Sort.by("_id")), StaffAccount.class);
    }

    /** Active accounts holding {@code role}, by login name (the order round-robin assignment walks). */
    public List<StaffAccount> withRole(Role role) {
        return mongo.find(query(where("roles").is(role).and("active").is(true)).with(Sort.by("_id")),
                StaffAccount.class);
    }

    public boolean anyWithRole(Role role) {
        return mongo.exists(query(where("roles").is(role)), StaffAccount.class);
    }

    /**
     * Changes one's own password: the current one must be given (a session left open is not enough to take the
     * account over), and the new one must differ from it.
     */
    public void changePassword(String username, String currentPassword, String rawPassword) {
        StaffAccount account = find(username)
                .orElseThrow(() -> new IllegalArgumentException("No staff member " + username));
        if (currentPassword == null || !passwords.matches(currentPassword, account.passwordHash())) {
            throw new IllegalArgumentException("The current password is wrong");
        }
        if (rawPassword == null || rawPassword.length() < 10) {
            throw new IllegalArgumentException("A password has at least 10 characters");
        }
        if (passwords.matches(rawPassword, account.passwordHash())) {
            throw new IllegalArgumentException("The new password must differ from the current one");
        }
        mongo.updateFirst(query(where("_id").is(username)), new Update().set("passwordHash", passwords.encode(rawPassword))
                .set("mustChangePassword", false), StaffAccount.class);
    }

    /**
     * Deactivates an account (no sign-in, and its open sessions end; it leaves round-robin assignment) or activates it
     * again. The last active administrator stays: without one nobody could manage accounts.
     */
    public void setActive(String username, boolean active) {
        StaffAccount account = find(username)
                .orElseThrow(() -> new IllegalArgumentException("No staff member " + username));
        if (!active && account.active() && account.roles().contains(Role.ADMIN)
                && mongo.count(query(where("roles").is(Role.ADMIN).and("active").is(true)), StaffAccount.class) <= 1) {
            throw new IllegalArgumentException("The last active administrator cannot be deactivated");
        }
        mongo.updateFirst(query(where("_id").is(account.username())), new Update().set("active", active),
                StaffAccount.class);
        if (!active) {
            events.publishEvent(new StaffDeactivated(account.username()));
        }
    }

    public String displayName(String username) {
        return find(username).map(StaffAccount::displayName).orElse(username);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
