package org.sila.staff.internal;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import com.mongodb.client.MongoClient;
import org.junit.jupiter.api.Test;
import org.sila.console.ConsoleTest;
import org.sila.staff.StaffDirectory;
import org.sila.staff.StaffProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first start's {@code admin}: a password from {@code SILA_ADMIN_PASSWORD} sits in a compose file or a shell
 * history, so it must be changed at first sign-in like a one-time password. Run against an empty database of the
 * same store, where no administrator exists yet.
 */
@ConsoleTest
class FirstAdminTest {

    @Autowired
    MongoClient client;
    @Autowired
    PasswordEncoder passwords;
    @Autowired
    ApplicationEventPublisher events;

    @Test
    void theAdminFromTheEnvironmentMustChangeThePassword() throws Exception {
        StaffDirectory empty = directory(new MongoTemplate(client, "first-admin-" + UUID.randomUUID()));
        new FirstAdmin(empty, new StaffProperties("given-in-compose-1", 5, Duration.ofMinutes(15)))
                .createIfMissing();
        assertThat(empty.find("admin")).hasValueSatisfying(admin -> {
            assertThat(admin.mustChangePassword()).isTrue();
            assertThat(passwords.matches("given-in-compose-1", admin.passwordHash())).isTrue();
        });
    }

    /** The directory's constructor is its module's own; the test needs one over another database. */
    private StaffDirectory directory(MongoTemplate mongo) throws Exception {
        var constructor = StaffDirectory.class.getDeclaredConstructor(MongoTemplate.class, PasswordEncoder.class,
                Optional.class, ApplicationEventPublisher.class);
        constructor.setAccessible(true);
        return constructor.newInstance(mongo, passwords, Optional.empty(), events);
    }
}
