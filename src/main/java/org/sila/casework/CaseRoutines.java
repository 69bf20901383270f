package org.sila.casework;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** What happens to cases by itself: resolved complaints nobody confirmed close after the set time. */
@Component
class CaseRoutines {

    private final CaseWorkflow workflow;

    CaseRoutines(CaseWorkflow workflow) {
        this.workflow = workflow;
    }

    @Scheduled(fixedDelayString = "${sila.casework.sweep-interval:1h}")
    void sweep() {
        workflow.closeUnconfirmedComplaints();
    }
}
