package org.sila.staff.internal;

import java.security.SecureRandom;
import java.util.Set;

import org.sila.staff.Role;
import org.sila.staff.StaffDirectory;
import org.sila.staff.StaffProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * On the first start (no admin yet) creates {@code admin}: with {@code SILA_ADMIN_PASSWORD} when set, otherwise
 * with a random one-time password printed once in the log; either must be changed at first login.
 */
@Component
class FirstAdmin {

    private static final Logger log = LoggerFactory.getLogger(FirstAdmin.class);
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";

    private final StaffDirectory directory;
    private final StaffProperties properties;

    FirstAdmin(StaffDirectory directory, StaffProperties properties) {
        this.directory = directory;
        this.properties = properties;
    }

    @EventListener(ApplicationReadyEvent.class)
    void createIfMissing() {
        if (directory.anyWithRole(Role.ADMIN) || directory.find("admin").isPresent()) {
            return;
        }
        String given = properties.adminPassword();
        if (given != null && !given.isBlank()) {
            // The variable sits in a compose file or a shell history: it opens the door once, then is replaced.
            directory.create("admin", "Administrator", given, Set.of(Role.ADMIN), true);
            log.info("Created the staff account 'admin' with the password from SILA_ADMIN_PASSWORD; it must be"
                    + " changed at first sign-in");
            return;
        }
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        directory.create("admin", "Administrator", password.toString(), Set.of(Role.ADMIN), true);
        log.info("""

                ==================================================================
                 First start: created the staff account 'admin'
                 One-time password: {}
                 Sign in at /login; you will be asked to choose a new password.
                 This password is shown only this once.
                ==================================================================""", password);
    }
}
