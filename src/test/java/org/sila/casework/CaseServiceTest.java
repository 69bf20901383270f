package org.sila.casework;

import java.time.Year;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.sila.HubTest;
import org.sila.channel.ChannelType;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@HubTest
class CaseServiceTest {

    @Autowired
    CaseService cases;

    @Test
    void referencesCountPerTypeAndYear() {
        Case first = cases.open(request(CaseType.SUPPORT_REQUEST));
        Case second = cases.open(request(CaseType.SUPPORT_REQUEST));
        Case complaint = cases.open(request(CaseType.COMPLAINT));
        String year = Year.now().toString();
        assertThat(first.reference()).matches("SR-" + year + "-\\d{6}");
        assertThat(Long.parseLong(second.reference().substring(8)))
                .isEqualTo(Long.parseLong(first.reference().substring(8)) + 1);
        assertThat(complaint.reference()).startsWith("CP-" + year + "-");
        assertThat(cases.byReference(" " + first.reference().toLowerCase())).contains(first);
    }

    @Test
    void aMoveIsRecordedAndAStaleMoveIsRefused() {
        Case opened = cases.open(request(CaseType.SUPPORT_REQUEST));
        Case moved = cases.move(opened.id(), CaseStage.RECEIVED, CaseStage.COMPLETENESS_CHECK, "officer-1", "ok");
        assertThat(moved.stage()).isEqualTo(CaseStage.COMPLETENESS_CHECK);
        assertThat(moved.history()).extracting(StageChange::to)
                .containsExactly(CaseStage.RECEIVED, CaseStage.COMPLETENESS_CHECK);
        assertThat(moved.history().get(1).by()).isEqualTo("officer-1");
        assertThatThrownBy(() -> cases.move(opened.id(), CaseStage.RECEIVED, CaseStage.WITH_RESEARCHER, "x", null))
                .isInstanceOf(IllegalStateException.class);
    }

    private static OpenCase request(CaseType type) {
        return new OpenCase(type, "b-1", null, ChannelType.WEBCHAT, Map.of("city", "مدركة"), false, null, null,
                null, "bot");
    }
}
