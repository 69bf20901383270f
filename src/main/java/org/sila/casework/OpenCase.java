package org.sila.casework;

import java.time.Instant;
import java.util.Map;

import org.sila.channel.ChannelType;

/** What opening a case needs; {@code beneficiaryId} is null for an anonymous complaint. */
public record OpenCase(CaseType type, String beneficiaryId, String conversationId, ChannelType channel,
                       Map<String, String> fields, boolean anonymous, String aboutStaffId, Attestation attestation,
                       Instant dueAt, String openedBy) {

    public OpenCase {
        fields = fields == null ? Map.of() : Map.copyOf(fields);
    }
}
