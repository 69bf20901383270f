package org.sila.announce;

import java.time.Instant;

import org.sila.association.AssociationProfile.Text;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A message a manager sends to a group of beneficiaries, in Arabic and English (each gets their own language).
 * Its recipients are fixed when it starts, one {@link Recipient} each, so a restart resumes the same list.
 */
@Document("announcements")
public record Announcement(@Id String id, Text text, Audience audience, String createdBy, Instant createdAt,
                           Status status, int recipients, Instant finishedAt) {

    public enum Status {
        /** Recipients are being handed to the outbox, a batch at a time. */
        SENDING,
        /** Every recipient was queued or skipped; deliveries may still be reported. */
        QUEUED_ALL
    }
}
