package org.sila.report;

/** One counter of the daily rollups; the name is the field in {@code report_daily}. */
public enum Metric {
    /** Distinct beneficiaries who wrote, called or visited that day on that channel. */
    CONTACTS,
    INBOUND,
    OUTBOUND,
    CONVERSATIONS_OPENED,
    CONVERSATIONS_RESOLVED,
    /** Resolved without a staff reply and without being handed to staff. */
    BOT_CONTAINED,
    HANDED_OFF,
    FIRST_RESPONSE_COUNT,
    FIRST_RESPONSE_MS,
    RESOLUTION_MS,
    STAFF_REPLIES,
    CASES_OPENED,
    CASES_CLOSED,
    /** Stage moves: the actions taken on cases. */
    CASE_ACTIONS,
    COMMITTEE_DECIDED,
    COMMITTEE_WITHIN_SLA,
    COMMITTEE_AFTER_SLA,
    SURVEYS_SENT,
    SURVEYS_ANSWERED,
    SURVEYS_EXPIRED,
    SCORE_SUM,
    SCORE_1,
    SCORE_2,
    SCORE_3,
    SCORE_4,
    SCORE_5;

    public static Metric score(int score) {
        return valueOf("SCORE_" + score);
    }
}
