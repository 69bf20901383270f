package org.sila.report;

/** What a rollup document is counted by, beside its day. */
public enum Dimension {
    /** Key: a {@link org.sila.channel.ChannelType} name. */
    CHANNEL,
    /** Key: a {@link org.sila.casework.CaseType} name, or {@code CONVERSATION} for a conversation's survey. */
    CASE_TYPE,
    /** Key: a staff member's id. */
    STAFF
}
