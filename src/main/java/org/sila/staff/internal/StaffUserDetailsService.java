package org.sila.staff.internal;

import java.time.Clock;
import java.util.Optional;

import org.sila.staff.StaffAccount;
import org.sila.staff.StaffDirectory;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/** Staff accounts as Spring Security reads them: a locked account stays locked until its time runs out. */
@Component
class StaffUserDetailsService implements UserDetailsService {

    private final StaffDirectory directory;
    private final Clock clock;

    StaffUserDetailsService(StaffDirectory directory, Optional<Clock> clock) {
        this.directory = directory;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        StaffAccount account = directory.find(StaffDirectory.loginName(username))
                .orElseThrow(() -> new UsernameNotFoundException("No such staff member"));
        boolean locked = account.lockedUntil() != null && account.lockedUntil().isAfter(clock.instant());
        return User.withUsername(account.username())
                .password(account.passwordHash())
                .roles(account.roles().stream().map(Enum::name).toArray(String[]::new))
                .disabled(!account.active())
                .accountLocked(locked)
                .build();
    }
}
