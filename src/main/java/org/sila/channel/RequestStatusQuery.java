package org.sila.channel;

import java.time.Instant;
import java.util.Optional;

/**
 * Tells a caller where their request stands (the phone menu's "status of my request"). It answers only when the
 * request belongs to the phone asking, so knowing a reference is not enough to learn about someone else's case.
 */
public interface RequestStatusQuery {

    /**
     * @param reference   a full reference ({@code SR-2026-000123}) or only its digits as keyed on a phone
     *                    ({@code 2026000123})
     * @param callerPhone the caller's phone in E.164, as the channel vouches for it
     * @return the request's status, or empty when there is none with that reference for that phone
     */
    Optional<RequestStatus> find(String reference, String callerPhone);

    /**
     * @param stage     the stage's name ({@code COMMITTEE_REVIEW} ...)
     * @param arabic    the stage as the beneficiary hears it, in Arabic
     * @param english   the same in English
     * @param updatedAt when it last moved
     */
    record RequestStatus(String reference, String stage, String arabic, String english, Instant updatedAt) {
    }
}
