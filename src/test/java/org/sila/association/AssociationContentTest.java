package org.sila.association;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sila.association.AssociationProfile.AnswerTime;

import static org.assertj.core.api.Assertions.assertThat;

/** The editors' files: every profile loads, every template exists in every language and fills only known values. */
class AssociationContentTest {

    static final Path ROOT = Path.of(".");

    static Stream<String> associations() throws IOException {
        try (Stream<Path> files = Files.list(ROOT.resolve("associations"))) {
            return files.map(p -> p.getFileName().toString().replace(".yml", ""))
                    .map(id -> id.equals("defaults") ? "default" : id).sorted().toList().stream();
        }
    }

    @Test
    void thereIsAProfilePerSeed() throws IOException {
        assertThat(associations()).contains("default", "modreka", "al-awn", "durbah", "natiq", "herfa");
    }

    @ParameterizedTest
    @MethodSource("associations")
    void aProfileLoadsWithEverythingAnAnswerNeeds(String id) {
        AssociationProfile p = AssociationProfiles.load(ROOT, id);
        assertThat(p.id()).isEqualTo(id);
        assertThat(p.name().ar()).isNotBlank();
        assertThat(p.timeZone()).isNotNull();
        assertThat(p.workingHours().opens()).isBefore(p.workingHours().closes());
        assertThat(p.committee().answerTime()).isNotNull();
        assertThat(p.programmes()).isNotEmpty();
        assertThat(p.requiredDocuments()).isNotEmpty();
        assertThat(p.selectionCriteria()).isNotEmpty();
        assertThat(p.channels()).isNotEmpty();
    }

    @Test
    void theProfilesSayWhatTheirPoliciesSay() {
        assertThat(AssociationProfiles.load(ROOT, "herfa").committee().answerTime()).isEqualTo(AnswerTime.ONE_MONTH);
        assertThat(AssociationProfiles.load(ROOT, "herfa").hasPolicy("compensation")).isTrue();
        AssociationProfile durbah = AssociationProfiles.load(ROOT, "durbah");
        assertThat(durbah.committee().answerTime()).isEqualTo(AnswerTime.AS_SOON_AS_POSSIBLE);
        assertThat(durbah.licence()).isEqualTo("1000742200");
        assertThat(durbah.contacts().phone()).isEqualTo("0555127571");
        assertThat(AssociationProfiles.load(ROOT, "natiq").licence()).isEqualTo("5074");
        assertThat(AssociationProfiles.load(ROOT, "modreka").country()).isEqualTo("LY");
        assertThat(AssociationProfiles.load(ROOT, "al-awn").committee().answerTime()).isEqualTo(AnswerTime.TWO_WEEKS);
        assertThat(AssociationProfiles.load(ROOT, "al-awn").weekend())
                .containsExactly(DayOfWeek.FRIDAY, DayOfWeek.SATURDAY);
    }

    @ParameterizedTest
    @MethodSource("associations")
    void everyTemplateExistsInEveryLanguageAndUsesOnlyKnownPlaceholders(String id) {
        Map<Language, Map<String, String>> texts = Templates.load(ROOT, id);
        Map<Language, Map<String, String>> defaults = Templates.load(ROOT, "default");
        Set<String> known = new HashSet<>(Templates.PROFILE_PLACEHOLDERS);
        known.addAll(Templates.RUNTIME_PLACEHOLDERS);
        for (Language language : Language.values()) {
            assertThat(texts.get(language).keySet()).as("keys in %s for %s", language, id)
                    .isEqualTo(defaults.get(Language.AR).keySet());
            texts.get(language).forEach((key, text) -> {
                assertThat(text).as("%s/%s %s", id, language, key).isNotBlank();
                assertThat(Templates.placeholders(text)).as("%s/%s %s", id, language, key).isSubsetOf(known);
            });
        }
    }

    @ParameterizedTest
    @MethodSource("associations")
    void everyTemplateRendersCompletelyForEveryProfile(String id) {
        var templates = new Templates(ROOT, AssociationProfiles.load(ROOT, id));
        Map<String, String> runtime = new java.util.HashMap<>();
        Templates.RUNTIME_PLACEHOLDERS.forEach(p -> runtime.put(p, "x"));
        for (Language language : Language.values()) {
            Templates.load(ROOT, id).get(language).keySet().forEach(key ->
                    assertThat(templates.text(key, language, runtime)).as("%s %s %s", id, language, key)
                            .doesNotContain("{", "}").isNotBlank());
        }
    }

    @Test
    void aTemplateIsFilledFromTheActiveProfileAndOverridesWin() {
        var durbah = new Templates(ROOT, AssociationProfiles.load(ROOT, "durbah"));
        assertThat(durbah.text("faq.contact-channels", Language.AR)).contains("0555127571", "www.durbah.org.sa")
                .doesNotContain("{");
        assertThat(durbah.text("apply.done", Language.AR, Map.of("reference", "SR-2026-000001")))
                .contains("SR-2026-000001", "الإدارة المختصة", "بأسرع وقت ممكن");
        var herfa = new Templates(ROOT, AssociationProfiles.load(ROOT, "herfa"));
        assertThat(herfa.text("faq.decision-time", Language.AR)).contains("لا تقل عن شهر");
        assertThat(herfa.text("faq.decision-time", Language.EN)).contains("one month");
        assertThat(new Templates(ROOT, AssociationProfiles.load(ROOT, "natiq")).text("handoff.now", Language.AR))
                .contains("المستخدمين");
    }

    /** Found by the 2026-12-01 held-out set: English lists (the options, the working days) used the Arabic comma. */
    @Test
    void aListInRunningTextUsesItsLanguagesComma() {
        var durbah = new Templates(ROOT, AssociationProfiles.load(ROOT, "durbah"));
        assertThat(durbah.list(List.of("a", "b"), Language.EN)).isEqualTo("a, b");
        assertThat(durbah.list(List.of("أ", "ب"), Language.AR)).isEqualTo("أ، ب");
        assertThat(durbah.text("faq.working-hours-location", Language.EN)).doesNotContain("،");
        assertThat(durbah.text("faq.working-hours-location", Language.AR)).contains("، ");
    }

    @Test
    void notificationsAndThePhoneLineNameTheSameBodyAsTheBot() {
        var durbah = new Templates(ROOT, AssociationProfiles.load(ROOT, "durbah"));
        for (String key : List.of("notify.COMMITTEE_REVIEW", "spoken.COMMITTEE_REVIEW", "apply.done")) {
            assertThat(durbah.text(key, Language.AR, Map.of("reference", "SR-2026-000001")))
                    .as(key).contains("الإدارة المختصة").doesNotContain("لجنة البحث");
        }
        assertThat(durbah.text("spoken.WITH_RESEARCHER", Language.EN)).contains("the officer in charge");
        var modreka = AssociationProfiles.load(ROOT, "modreka");
        assertThat(modreka.idNumber().accepts("119800123456")).isTrue();
        assertThat(modreka.phoneRegions()).containsExactly("LY");
        assertThat(new Templates(ROOT, modreka).text("apply.ask.nationalId", Language.AR)).contains("12");
    }

    @Test
    void staffAreAwayAtTheWeekendAndBackOnSunday() {
        AssociationProfile p = AssociationProfiles.load(ROOT, "default");
        Instant fridayNoon = Instant.parse("2026-11-20T09:00:00Z"); // 12:00 in Riyadh, a Friday
        assertThat(p.isOpen(fridayNoon)).isFalse();
        assertThat(p.nextOpening(fridayNoon).getDayOfWeek()).isEqualTo(DayOfWeek.SUNDAY);
        assertThat(p.nextOpening(fridayNoon).toLocalTime()).isEqualTo(p.workingHours().opens());
        Instant sundayTen = Instant.parse("2026-11-22T07:00:00Z");
        assertThat(p.isOpen(sundayTen)).isTrue();
        assertThat(List.of(p.committeeDueAt(sundayTen).orElseThrow())).allMatch(d -> d.isAfter(sundayTen));
    }
}
