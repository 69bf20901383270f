package org.sila.casework;

import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.sila.casework.CompensationCondition.Proof;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * The committee's review of a compensation claim: a finding per condition of the policy, each with its evidence,
 * and the decision once made. The outcome is not chosen by anyone: it follows from the findings.
 *
 * @param id       the case's id
 * @param decision null until the committee records it
 */
@Document("compensation_reviews")
public record CompensationReview(@Id String id, Map<CompensationCondition, Finding> findings, Decision decision) {

    public CompensationReview {
        findings = findings == null ? Map.of() : Map.copyOf(findings);
    }

    /**
     * What was found about one condition and on what evidence.
     *
     * @param proof for {@link CompensationCondition#PROVEN} met: acknowledgement or final judgement
     * @param terms for {@link CompensationCondition#SETTLED_BY_NEGOTIATION} met: what was agreed
     */
    public record Finding(boolean met, Proof proof, String evidence, String terms, String by, Instant at) {
    }

    public enum Result {
        /** Not every condition is recorded yet, and none recorded so far fails. */
        PENDING, GRANTED, REFUSED
    }

    /** The outcome and the conditions it rests on: the unmet ones when refused. */
    public record Outcome(Result result, List<CompensationCondition> unmet, String terms) {
    }

    public record Decision(Result result, List<CompensationCondition> unmet, String terms, String by, Instant at) {
    }

    public static CompensationReview empty(String caseId) {
        return new CompensationReview(caseId, new EnumMap<>(CompensationCondition.class), null);
    }

    /**
     * A condition found unmet refuses the claim (the policy grants nothing without all of them); every condition
     * met grants it on the terms agreed; anything else waits for the remaining findings.
     */
    public Outcome outcome() {
        List<CompensationCondition> unmet = Arrays.stream(CompensationCondition.values())
                .filter(c -> findings.containsKey(c) && !findings.get(c).met()).toList();
        if (!unmet.isEmpty()) {
            return new Outcome(Result.REFUSED, unmet, null);
        }
        if (findings.size() == CompensationCondition.values().length) {
            return new Outcome(Result.GRANTED, List.of(),
                    findings.get(CompensationCondition.SETTLED_BY_NEGOTIATION).terms());
        }
        return new Outcome(Result.PENDING, List.of(), null);
    }

    /** Liability is established: breach, direct cause and proof are all met, so negotiation may be recorded. */
    public boolean liabilityEstablished() {
        return List.of(CompensationCondition.BREACH_OF_OBLIGATION, CompensationCondition.DIRECT_CAUSE,
                CompensationCondition.PROVEN).stream().allMatch(c -> findings.containsKey(c) && findings.get(c).met());
    }
}
