package org.sila.casework;

import java.util.Set;

import org.sila.staff.Role;

/**
 * One allowed move in the procedure and who may make it.
 *
 * @param noteRequired the move must say why (a rejection's reason, a complaint's outcome)
 */
public record Transition(CaseStage from, CaseStage to, Set<Role> roles, boolean noteRequired) {
}
