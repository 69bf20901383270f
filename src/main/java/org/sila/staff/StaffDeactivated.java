package org.sila.staff;

/** An account was deactivated: whatever it still holds open (live streams, sessions) ends now. */
public record StaffDeactivated(String username) {
}
