package org.sila.staff.internal;

import java.time.Clock;
import java.util.Optional;

import org.sila.staff.StaffAccount;
import org.sila.staff.StaffDirectory;
import org.sila.staff.StaffProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.stereotype.Component;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/** Counts failed logins; too many in a row lock the account for a while. */
@Component
class LoginAttempts {

    private static final Logger log = LoggerFactory.getLogger(LoginAttempts.class);

    private final MongoTemplate mongo;
    private final StaffProperties properties;
    private final Clock clock;

    LoginAttempts(MongoTemplate mongo, StaffProperties properties, Optional<Clock> clock) {
        this.mongo = mongo;
        this.properties = properties;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    @EventListener
    void on(AuthenticationFailureBadCredentialsEvent failure) {
        // The name as typed: count it against the account sign-in would have used, whatever its case or spaces.
        String username = StaffDirectory.loginName(failure.getAuthentication().getName());
        StaffAccount account = mongo.findAndModify(query(where("_id").is(username)),
                new Update().inc("failedLogins", 1), FindAndModifyOptions.options().returnNew(true),
                StaffAccount.class);
        if (account != null && account.failedLogins() >= properties.maxFailedLogins()) {
            mongo.updateFirst(query(where("_id").is(username)), new Update().set("failedLogins", 0)
                    .set("lockedUntil", clock.instant().plus(properties.lockout())), StaffAccount.class);
            log.warn("Staff account {} locked for {} after {} failed logins", username, properties.lockout(),
                    account.failedLogins());
        }
    }

    @EventListener
    void on(AuthenticationSuccessEvent success) {
        mongo.updateFirst(query(where("_id").is(StaffDirectory.loginName(success.getAuthentication().getName()))),
                new Update().set("failedLogins", 0).unset("lockedUntil"), StaffAccount.class);
    }
}
