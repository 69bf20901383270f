package org.sila.announce;

import java.util.Map;

import org.sila.announce.Recipient.State;

/** Where an announcement stands: recipients by state, and the skipped and failed by reason. */
public record Progress(Announcement announcement, Map<State, Long> byState, Map<String, Long> skipped,
                       Map<String, Long> failed) {

    public long count(State state) {
        return byState.getOrDefault(state, 0L);
    }

    public long total() {
        return announcement.recipients();
    }

    /** Recipients whose copy reached an end: delivered, failed or skipped (sent counts as done for the bar). */
    public long done() {
        return count(State.SENT) + count(State.DELIVERED) + count(State.FAILED) + count(State.SKIPPED);
    }

    public int percent() {
        return total() == 0 ? 100 : (int) (100 * done() / total());
    }

    public boolean running() {
        return done() < total();
    }
}
