package org.sila.staff;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One line of the audit log: who viewed or changed what, when. It names records by id only, so it holds no
 * personal data and survives a beneficiary's erasure.
 */
@Document("audit")
public record AuditEntry(@Id String id, Instant at, String actor, String action, String beneficiaryId,
                         String subjectId, String detail) {
}
