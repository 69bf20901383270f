package org.sila.cluster;

import java.util.Set;

/**
 * The hub instances working on the store, as their heartbeats show ({@code cluster_members}, one a second). Work
 * claimed by an instance that is no longer among them was left by an instance that died, and can be taken over at
 * once rather than when its lease runs out.
 */
public interface ClusterMembers {

    /** This instance's id, the same for the whole run. */
    String self();

    /** The ids of the other instances heard from within the last three heartbeats, as of this one's last heartbeat. */
    Set<String> others();

    /**
     * The same, read from the store now: for a decision that must not rest on a view up to a heartbeat old (taking
     * over the claims of an instance that may have started since).
     */
    Set<String> othersNow();
}
