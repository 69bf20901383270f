package org.sila.casework;

/** What a beneficiary asked for; each type has its reference prefix (SR-2026-000123). */
public enum CaseType {
    /** A request for support or registration in a programme: the policy's full procedure. */
    SUPPORT_REQUEST("SR"),
    COMPLAINT("CP"),
    SUGGESTION("SG"),
    VOLUNTEER("VL"),
    COMPENSATION("CM"),
    DATA_UPDATE("DU"),
    /** A beneficiary asked to be called back (voice menu, web chat). */
    CALLBACK("CB");

    private final String prefix;

    CaseType(String prefix) {
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }
}
