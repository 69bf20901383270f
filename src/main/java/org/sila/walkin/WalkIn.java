package org.sila.walkin;

import org.sila.channel.ChannelType;

/**
 * What staff log by hand.
 *
 * @param kind          {@code WALK_IN}, {@code LETTER}, {@code FAX}, {@code PHONE} or {@code BRANCH_REP}
 * @param beneficiaryId a known beneficiary, or null to find one by phone or national ID, or to record a new one
 * @param name          the visitor's name (a new beneficiary)
 * @param phone         their phone, as given
 * @param nationalId    their national ID, as given
 * @param summary       what they came for, what the letter says ...
 */
public record WalkIn(ChannelType kind, String beneficiaryId, String name, String phone, String nationalId,
                     String summary) {
}
