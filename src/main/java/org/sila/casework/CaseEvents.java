package org.sila.casework;

/** What happened to cases, as application events. */
public final class CaseEvents {

    private CaseEvents() {
    }

    public record CaseOpened(String caseId, String reference, CaseType type, String beneficiaryId,
                             String conversationId) {
    }

    public record CaseStageChanged(String caseId, String reference, CaseType type, String beneficiaryId,
                                   CaseStage from, CaseStage to, String by) {
    }

    /**
     * The committee decided a compensation claim: the outcome follows from its findings on the policy's conditions.
     *
     * @param unmet the conditions not met (empty when granted)
     * @param terms what was agreed in negotiation (granted only)
     */
    public record CompensationDecided(String caseId, String reference, String beneficiaryId,
                                      CompensationReview.Result result, java.util.List<CompensationCondition> unmet,
                                      String terms) {
    }
}
