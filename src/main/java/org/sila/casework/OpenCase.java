package org.sila.casework;

import java.time.Instant;
import java.util.Map;

import org.sila.channel.ChannelType;
import org.sila.staff.StaffDirectory;

/**
 * What opening a case needs; {@code beneficiaryId} is null for an anonymous complaint. The staff member a complaint is
 * about is kept by their login name as stored ({@link StaffDirectory#loginName}): however it was typed, it is the
 * name every access rule compares with.
 */
public record OpenCase(CaseType type, String beneficiaryId, String conversationId, ChannelType channel,
                       Map<String, String> fields, boolean anonymous, String aboutStaffId, Attestation attestation,
                       Instant dueAt, String openedBy) {

    public OpenCase {
        fields = fields == null ? Map.of() : Map.copyOf(fields);
        aboutStaffId = aboutStaffId == null || aboutStaffId.isBlank() ? null : StaffDirectory.loginName(aboutStaffId);
    }
}
