package org.sila.channel;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * The association's texts and facts as an adapter needs them: a port the core implements (from the profile under
 * {@code associations/} and the texts under {@code templates/}), so an adapter never keeps its own copy of the
 * office hours or its own wording.
 */
public interface AssociationFacts {

    /** The beneficiary-facing text {@code key} in {@code language} ({@code ar}, {@code en}), profile values filled. */
    String text(String key, String language);

    /** Whether staff are at work at {@code at} (the profile's days, hours and time zone). */
    boolean isOpen(Instant at);

    /** The association's time zone. */
    ZoneId timeZone();

    /** The regions a phone number written without its country code is read in, in order (the profile's). */
    List<String> phoneRegions();
}
