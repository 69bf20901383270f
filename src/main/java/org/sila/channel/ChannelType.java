package org.sila.channel;

/** Every way a beneficiary reaches the association; the policy's channels, one constant each. */
public enum ChannelType {
    WEBCHAT,
    TELEGRAM,
    SMS,
    WHATSAPP,
    VOICE,
    EMAIL,
    MESSENGER,
    INSTAGRAM,
    /** Logged by staff: an in-person visit (المقابلة). */
    WALK_IN,
    /** Logged by staff: a letter received. */
    LETTER,
    /** Logged by staff: a fax received. */
    FAX,
    /** Logged by staff: a phone call taken outside the voice channel. */
    PHONE,
    /** Logged by staff: a report from a branch-office representative (مناديب المكاتب الفرعية). */
    BRANCH_REP;

    /** Its addresses are phone numbers. */
    public boolean isPhoneAddressed() {
        return this == SMS || this == WHATSAPP || this == VOICE;
    }

    /** Logged by staff by hand: nothing is sent back on it, and the bot does not answer it. */
    public boolean isLoggedByStaff() {
        return this == WALK_IN || this == LETTER || this == FAX || this == PHONE || this == BRANCH_REP;
    }
}
