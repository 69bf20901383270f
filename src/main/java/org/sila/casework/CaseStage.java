package org.sila.casework;

/**
 * The policy's procedure. A support request: received → completeness check → with the social researcher →
 * attested → committee review → accepted / rejected → registered → service delivered → closed. A complaint:
 * received → investigating → resolved → closed. Other cases: received → closed, with what was done recorded.
 */
public enum CaseStage {
    RECEIVED,
    COMPLETENESS_CHECK,
    WITH_RESEARCHER,
    ATTESTED,
    COMMITTEE_REVIEW,
    ACCEPTED,
    REJECTED,
    REGISTERED,
    SERVICE_DELIVERED,
    INVESTIGATING,
    RESOLVED,
    CLOSED
}
