package org.sila.staff;

import java.util.EnumSet;
import java.util.Set;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/** Who is acting, as the other modules need to know it: a login name and roles. */
public record StaffMember(String username, Set<Role> roles) {

    public static final StaffMember SYSTEM = new StaffMember("system", Set.of());

    public StaffMember {
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    }

    public static StaffMember of(String username, Role... roles) {
        return new StaffMember(username, roles.length == 0 ? Set.of() : EnumSet.of(roles[0], roles));
    }

    public static StaffMember from(Authentication authentication) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (GrantedAuthority authority : authentication.getAuthorities()) {
            String name = authority.getAuthority();
            if (name != null && name.startsWith("ROLE_")) {
                try {
                    roles.add(Role.valueOf(name.substring(5)));
                } catch (IllegalArgumentException ignored) {
                    // an authority that is not one of ours
                }
            }
        }
        return new StaffMember(authentication.getName(), roles);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    public boolean hasAny(Role... any) {
        for (Role role : any) {
            if (roles.contains(role)) {
                return true;
            }
        }
        return false;
    }
}
