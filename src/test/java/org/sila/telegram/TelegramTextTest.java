package org.sila.telegram;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TelegramTextTest {

    @Test
    void aShortTextIsOnePart() {
        assertThat(TelegramText.split("مرحبا بك", 4096)).containsExactly("مرحبا بك");
    }

    @Test
    void aLongTextIsCutAtTheLastSpaceWithinTheLimit() {
        assertThat(TelegramText.split("one two three four", 9)).containsExactly("one two", "three", "four");
    }

    @Test
    void aWordLongerThanTheLimitIsCutWithoutSplittingASurrogatePair() {
        String emoji = "😀"; // two UTF-16 units
        List<String> parts = TelegramText.split("a" + emoji + emoji, 2);
        assertThat(String.join("", parts)).isEqualTo("a" + emoji + emoji);
        assertThat(parts).allSatisfy(p -> assertThat(Character.isLowSurrogate(p.charAt(0))).isFalse());
    }

    @Test
    void nothingToSendIsNoPart() {
        assertThat(TelegramText.split("   ", 4096)).isEmpty();
    }

    @Test
    void callbackDataFitsTelegramsSixtyFourBytes() {
        assertThat(TelegramCallbackData.encode("survey:5")).isEqualTo("survey:5");
        String digest = TelegramCallbackData.encode("استبيان:".repeat(10));
        assertThat(digest.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(64);
        assertThat(TelegramCallbackData.isDigest(digest)).isTrue();
        assertThat(TelegramCallbackData.encode("#short")).isNotEqualTo("#short"); // never mistaken for a digest
    }
}
