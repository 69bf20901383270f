package org.sila.store;

/**
 * Whether other processes may work on the hub's data.
 *
 * @param soleProcess true for the embedded store, which only this process can open: work that a process claimed
 *                    in it before this one started was claimed by an earlier run of the hub that has stopped. On a
 *                    MongoDB server other hub instances may be alive and working.
 */
public record StoreAccess(boolean soleProcess) {
}
