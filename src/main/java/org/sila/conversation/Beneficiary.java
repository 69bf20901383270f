package org.sila.conversation;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** A person the association serves, one record across all their channels. */
@Document("beneficiaries")
public record Beneficiary(@Id String id, String name, String phone, String language, Instant createdAt) {
}
