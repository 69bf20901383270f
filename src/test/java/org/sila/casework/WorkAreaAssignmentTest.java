package org.sila.casework;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sila.HubTest;
import org.sila.association.AssociationProfile;
import org.sila.association.AssociationProfile.WorkArea;
import org.sila.association.AssociationProfiles;
import org.sila.channel.ChannelType;
import org.sila.staff.Role;
import org.sila.staff.StaffAccount;
import org.sila.staff.StaffDirectory;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A new case goes to the staff of its work area (by programme, else city), in turn; elsewhere as before. */
@HubTest
class WorkAreaAssignmentTest {

    @Autowired
    CaseAssignment assignment;
    @Autowired
    CaseService cases;
    @Autowired
    StaffDirectory staff;

    @TempDir
    Path root;

    String run;
    AssociationProfile profile;

    @BeforeEach
    void aProfileWithTwoAreas() throws IOException {
        run = UUID.randomUUID().toString().substring(0, 6);
        for (String name : List.of("r1", "r2", "o1", "o2", "o3", "r3")) {
            staff.create(name + "-" + run, null, "area-pass-123", Set.of(name.startsWith("r") ? Role.RESEARCHER
                    : Role.OFFICER), false);
        }
        staff.create("gone-" + run, null, "area-pass-123", Set.of(Role.OFFICER), false);
        staff.setActive("gone-" + run, false);
        profile = profileWith("""
                id: areas
                programmes:
                  - {id: crafts, ar: "الحرف", en: crafts}
                  - {id: literacy, ar: "محو الأمية", en: literacy}
                workAreas:
                  - id: crafts-%1$s
                    programmes: [crafts]
                    officers: [r1-%1$s, r2-%1$s, o1-%1$s]
                  - id: north-%1$s
                    cities: ["الجوف", "Al Jouf", "حائل"]
                    officers: [o2-%1$s, o3-%1$s, r3-%1$s]
                  - id: unstaffed-%1$s
                    cities: ["تبوك"]
                    officers: [gone-%1$s, nobody-%1$s]
                """.formatted(run));
    }

    @Test
    void aRequestGoesInTurnToTheResearchersOfItsProgrammesArea() {
        List<String> assignees = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            assignees.add(assignment.next(open(CaseType.SUPPORT_REQUEST, Map.of("programme", "crafts",
                    "city", "حائل")), profile).orElseThrow());
        }
        // the programme's area wins over the city's; its officer o1 does not take requests
        assertThat(assignees).containsOnly("r1-" + run, "r2-" + run);
        assertThat(assignees.get(0)).isNotEqualTo(assignees.get(1));
        assertThat(assignees.get(0)).isEqualTo(assignees.get(2));
        assertThat(assignees.get(1)).isEqualTo(assignees.get(3));
    }

    @Test
    void aComplaintGoesToTheOfficersOfItsCityHoweverTheCityIsSpelt() {
        List<String> assignees = new ArrayList<>();
        for (String city : List.of("حي النسيم، مدينة حائل", "الجَوْف", "AL JOUF", "منطقة الجوف")) {
            assignees.add(assignment.next(open(CaseType.COMPLAINT, Map.of("city", city)), profile).orElseThrow());
        }
        assertThat(assignees).containsOnly("o2-" + run, "o3-" + run);
        assertThat(assignees).filteredOn(("o2-" + run)::equals).hasSize(2);
    }

    @Test
    void aComplaintAboutAnAreaOfficerGoesToTheOtherOne() {
        for (int i = 0; i < 3; i++) {
            OpenCase about = new OpenCase(CaseType.COMPLAINT, "b-" + run, null, ChannelType.WEBCHAT,
                    Map.of("city", "حائل"), false, "o2-" + run, null, null, "bot");
            assertThat(assignment.next(about, profile)).contains("o3-" + run);
        }
    }

    @Test
    void aCaseThatNamesNoPlaceTakesTheAreaOfTheBeneficiarysLatestCase() {
        String beneficiary = "b-" + UUID.randomUUID();
        cases.open(new OpenCase(CaseType.SUPPORT_REQUEST, beneficiary, null, ChannelType.WEBCHAT,
                Map.of("city", "حائل", "programme", "literacy"), false, null, null, null, "bot"));
        OpenCase callback = new OpenCase(CaseType.CALLBACK, beneficiary, null, ChannelType.VOICE, Map.of(), false,
                null, null, null, "ivr");
        assertThat(assignment.areaOf(callback, profile)).map(WorkArea::id).contains("north-" + run);
        assertThat(assignment.next(callback, profile)).get().isIn("o2-" + run, "o3-" + run);
        OpenCase stranger = new OpenCase(CaseType.CALLBACK, "b-" + UUID.randomUUID(), null, ChannelType.VOICE,
                Map.of(), false, null, null, null, "ivr");
        assertThat(assignment.areaOf(stranger, profile)).isEmpty();
    }

    @Test
    void withoutAnAreaOrItsStaffTheAssociationWideTurnAsBefore() {
        List<String> officers = staff.withRole(Role.OFFICER).stream().map(StaffAccount::username).toList();
        for (String city : List.of("الرياض", "تبوك")) {
            OpenCase elsewhere = open(CaseType.COMPLAINT, Map.of("city", city));
            String assignee = assignment.next(elsewhere, profile).orElseThrow();
            assertThat(assignee).isIn(officers).isNotEqualTo("gone-" + run);
        }
        assertThat(assignment.areaOf(open(CaseType.COMPLAINT, Map.of("city", "تبوك")), profile))
                .map(WorkArea::id).contains("unstaffed-" + run);
        // a profile without areas changes nothing
        assertThat(assignment.areaOf(open(CaseType.COMPLAINT, Map.of("city", "حائل")),
                AssociationProfiles.load(Path.of("."), "default"))).isEmpty();
    }

    @Test
    void anAreaNamingAProgrammeTheProfileLacksIsRefusedAtLoad() {
        assertThatThrownBy(() -> profileWith("""
                id: areas
                workAreas:
                  - {id: x, programmes: [weaving], officers: [a]}
                """)).hasMessageContaining("weaving");
    }

    @Test
    void placeNamesCompareWithArabicSpellingAndCaseFolded() {
        assertThat(PlaceNames.words("جدة")).isEqualTo(PlaceNames.words("جده"));
        assertThat(PlaceNames.words("أبها")).isEqualTo(PlaceNames.words("ابها"));
        assertThat(PlaceNames.words("Jeddah")).isEqualTo(PlaceNames.words("JEDDAH"));
        assertThat(PlaceNames.words("مدينة  جدة،")).containsExactly("مدينه", "جده");
        assertThat(PlaceNames.words("جدة")).isNotEqualTo(PlaceNames.words("جازان"));
    }

    private OpenCase open(CaseType type, Map<String, String> fields) {
        return new OpenCase(type, null, null, ChannelType.WEBCHAT, fields, false, null, null, null, "bot");
    }

    private AssociationProfile profileWith(String yaml) throws IOException {
        Path folder = Files.createDirectories(root.resolve("associations"));
        Files.copy(Path.of("associations/defaults.yml"), folder.resolve("defaults.yml"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(folder.resolve("areas.yml"), yaml);
        return AssociationProfiles.load(root, "areas");
    }
}
