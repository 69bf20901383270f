package org.sila.store;

/**
 * Whether other processes may work on the hub's data.
 *
 * @param soleProcess true for the embedded store on a port of its own choosing, which only this process uses: work
 *                    that a process claimed in it before this one started was claimed by an earlier run of the hub
 *                    that has stopped. On a MongoDB server, or on an embedded store opened on a fixed port for
 *                    other instances to share, other hub instances may be alive and working.
 */
public record StoreAccess(boolean soleProcess) {
}
