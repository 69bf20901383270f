package org.sila.staff;

/** What a staff member does at the association; one account may hold several. */
public enum Role {
    /** Runs the system: accounts, privacy requests (export, erase). */
    ADMIN,
    /** The general manager: reads everything, including the audit log; changes nothing. */
    MANAGER,
    /** Beneficiary relations officer: inbox, intake, walk-ins, completeness checks, registration. */
    OFFICER,
    /** Social researcher: the cases assigned to them. */
    RESEARCHER,
    /** Research committee: accepts or rejects requests. */
    COMMITTEE
}
