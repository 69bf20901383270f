package org.sila.bot;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading answers, without Spring. */
class AnswersTest {

    static Answers answers;

    @BeforeAll
    static void load() {
        answers = new Answers(IntentMatcher.load(Path.of(".")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1000000008", "2000000006", "1234567897"})
    void saudiIdsWithTheirCheckDigitAreAccepted(String id) {
        assertThat(Answers.isSaudiId(id)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1000000007", "100000000", "10000000081", "3000000004", "abcdefghij", ""})
    void aWrongCheckDigitLengthOrFirstDigitIsRefused(String id) {
        assertThat(Answers.isSaudiId(id)).isFalse();
    }

    @Test
    void idsArriveInAnyDigitsAndSpacing() {
        assertThat(answers.digits("١٠٠٠ ٠٠٠ ٠٠٨")).isEqualTo("1000000008");
        assertThat(answers.digits("۱۰۰۰۰۰۰۰۰۸")).isEqualTo("1000000008");
        assertThat(answers.digits("خمسة")).isNull();
        assertThat(Answers.isLibyanNationalNumber("119800123456")).isTrue();
        assertThat(Answers.isLibyanNationalNumber("11980012345")).isFalse();
    }

    @Test
    void phonesYesNoCancelAndReferences() {
        assertThat(answers.phone("٠٥٥١٢٣٤٥٦٧", "SA")).contains("+966551234567");
        assertThat(answers.phone("0912345678", "LY")).contains("+218912345678");
        assertThat(answers.phone("123", "SA")).isEmpty();
        assertThat(answers.yesNo("ايوه", null)).contains(true);
        assertThat(answers.yesNo("نعم أوافق", null)).contains(true);
        assertThat(answers.yesNo("لا", null)).contains(false);
        assertThat(answers.yesNo("ربما", null)).isEmpty();
        assertThat(answers.yesNo("", "yes")).contains(true);
        assertThat(answers.isCancel("إلغاء")).isTrue();
        assertThat(answers.isCancel("الغاء")).isTrue();
        assertThat(answers.isCancel("Cancel")).isTrue();
        assertThat(answers.isCancel("الغاء الاشتراك في الجمعية")).isFalse();
        assertThat(answers.reference("sr-2026-000123")).contains("SR-2026-000123");
        assertThat(answers.reference("رقم طلبي SR-2026-٠٠٠١٢٣")).contains("SR-2026-000123");
        assertThat(answers.count("٥", 1, 40)).contains(5);
        assertThat(answers.count("0", 1, 40)).isEmpty();
    }
}
