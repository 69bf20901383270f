package org.sila.casework;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.sila.channel.ChannelType;
import org.sila.console.ConsoleTest;
import org.sila.staff.Role;
import org.sila.staff.StaffMember;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

@ConsoleTest
class CaseWorkflowTest {

    @Autowired
    org.sila.association.AssociationProfiles associations;

    @Autowired
    CaseService cases;
    @Autowired
    CaseWorkflow workflow;
    @Autowired
    MongoTemplate mongo;

    @Test
    void aResolvedComplaintNobodyConfirmedClosesAfterTheSetTime() {
        StaffMember officer = StaffMember.of("officer-w", Role.OFFICER);
        Case c = cases.open(new OpenCase(CaseType.COMPLAINT, "b-w", null, ChannelType.WEBCHAT, Map.of(), false,
                null, null, null, "officer-w"));
        workflow.move(c.id(), CaseStage.RECEIVED, CaseStage.INVESTIGATING, officer, null);
        workflow.move(c.id(), CaseStage.INVESTIGATING, CaseStage.RESOLVED, officer, "تم الاعتذار");
        workflow.closeUnconfirmedComplaints();
        assertThat(cases.byId(c.id()).orElseThrow().stage()).isEqualTo(CaseStage.RESOLVED);

        mongo.updateFirst(query(where("_id").is(c.id())),
                new Update().set("updatedAt", Instant.now().minus(Duration.ofDays(8))), Case.class);
        workflow.closeUnconfirmedComplaints();
        Case closed = cases.byId(c.id()).orElseThrow();
        assertThat(closed.stage()).isEqualTo(CaseStage.CLOSED);
        assertThat(closed.history().get(closed.history().size() - 1).by()).isEqualTo("system");
    }

    @Test
    void aRequestPastItsCommitteeAnswerTimeIsOverdueUntilDecided() {
        Case c = cases.open(new OpenCase(CaseType.SUPPORT_REQUEST, "b-w2", null, ChannelType.WEBCHAT, Map.of(),
                false, null, null, Instant.now().minus(Duration.ofDays(1)), "bot"));
        assertThat(workflow.overdue(c)).isTrue();
        Case fresh = cases.open(new OpenCase(CaseType.SUPPORT_REQUEST, "b-w3", null, ChannelType.WEBCHAT, Map.of(),
                false, null, null, null, "bot"));
        assertThat(workflow.overdue(fresh)).isFalse();
        // The default profile's committee answers within two weeks.
        assertThat(fresh.dueAt()).isEqualTo(associations.active().committeeDueAt(fresh.createdAt()).orElseThrow());
        assertThat(Duration.between(fresh.createdAt(), fresh.dueAt())).isEqualTo(Duration.ofDays(14));
    }
}
