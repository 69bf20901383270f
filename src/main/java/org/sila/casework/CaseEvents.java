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
}
