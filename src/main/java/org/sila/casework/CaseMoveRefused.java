package org.sila.casework;

/** A stage move or assignment the procedure does not allow, or not to this person. Nothing was changed. */
public class CaseMoveRefused extends RuntimeException {

    private final boolean forbidden;

    CaseMoveRefused(String message, boolean forbidden) {
        super(message);
        this.forbidden = forbidden;
    }

    /** True when the move exists but the person may not make it (a 403); false when it is not a move at all. */
    public boolean isForbidden() {
        return forbidden;
    }
}
