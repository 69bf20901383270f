package org.sila.conversation.internal;

import java.util.UUID;

import org.sila.store.StoreAccess;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * Who holds a claimed message. Every run of the hub signs its claims with an id of its own. On the embedded store,
 * which only this process can open, a claim signed by another run was left by a hub that stopped mid-work: it is
 * void at once, so that work is taken up at start instead of after the lease. On a MongoDB server another live
 * instance may hold it, and a claim is taken as abandoned only when its lease has run out.
 */
@Component
class Leases {

    private static final String HOLDER = "leaseHolder";

    private final String holder = UUID.randomUUID().toString();
    private final boolean soleProcess;

    Leases(StoreAccess store) {
        this.soleProcess = store.soleProcess();
    }

    /** Adds this run's signature to a claim. */
    Update signed(Update claim) {
        return claim.set(HOLDER, holder);
    }

    /** @return whether claims of other runs are void (this process is the only one using the store) */
    boolean othersAreGone() {
        return soleProcess;
    }

    /** Claimed messages (no work key) that this run does not hold. */
    Criteria heldByOthers() {
        return where("workKey").exists(false).and(HOLDER).ne(holder);
    }
}
