package org.sila.casework;

import java.time.Instant;

/** One step in a case's history: who moved it, from where to where, when, and why. */
public record StageChange(CaseStage from, CaseStage to, String by, String note, Instant at) {
}
