package org.sila.casework;

/**
 * The conditions of a stakeholder compensation policy (seed 004, Herfa, "general provisions"), in the policy's
 * order. Compensation is granted only when every one is met.
 */
public enum CompensationCondition {
    /** The breach came from the association failing its obligations, its duty of care or the professional standards. */
    BREACH_OF_OBLIGATION,
    /** The association itself directly caused the harm. */
    DIRECT_CAUSE,
    /** The breach is proven by the association's acknowledgement or by a final judgement ({@link Proof}). */
    PROVEN,
    /** Negotiation with the harmed party reached an agreed compensation (its terms recorded). */
    SETTLED_BY_NEGOTIATION;

    /** How {@link #PROVEN} was established; the policy accepts these two only. */
    public enum Proof {
        ACKNOWLEDGEMENT, FINAL_JUDGEMENT
    }
}
