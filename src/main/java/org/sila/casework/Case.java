package org.sila.casework;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.sila.channel.ChannelType;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A request, complaint, suggestion or the like, moving through the policy's stages.
 *
 * @param reference      what the beneficiary quotes, e.g. {@code SR-2026-000123}
 * @param beneficiaryId  null for an anonymous complaint
 * @param conversationId where it was opened, if in a conversation
 * @param fields         what was collected (name, national id, city, family size, need ...)
 * @param aboutStaffId   for a complaint about a staff member: who (never assigned to them)
 * @param dueAt          when the committee's answer is due, from the association's policy
 */
@Document("cases")
public record Case(@Id String id, String reference, CaseType type, CaseStage stage, String beneficiaryId,
                   String conversationId, ChannelType channel, Map<String, String> fields, boolean anonymous,
                   String aboutStaffId, String assignee, Attestation attestation, Instant dueAt,
                   Instant createdAt, Instant updatedAt, List<StageChange> history) {

    public Map<String, String> fields() {
        return fields == null ? Map.of() : fields;
    }

    public List<StageChange> history() {
        return history == null ? List.of() : history;
    }
}
