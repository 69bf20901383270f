package org.sila.casework;

import org.sila.casework.CaseEvents.CaseOpened;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** What happens to cases by itself: due date and assignee on opening, and closing unconfirmed complaints. */
@Component
class CaseRoutines {

    private final CaseWorkflow workflow;

    CaseRoutines(CaseWorkflow workflow) {
        this.workflow = workflow;
    }

    @EventListener
    void on(CaseOpened opened) {
        workflow.onOpened(opened.caseId());
    }

    @Scheduled(fixedDelayString = "${sila.casework.sweep-interval:1h}")
    void sweep() {
        workflow.closeUnconfirmedComplaints();
    }
}
