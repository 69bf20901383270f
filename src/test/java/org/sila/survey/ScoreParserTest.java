package org.sila.survey;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class ScoreParserTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "5|5|-", "1|1|-", "٣|3|-", "۴|4|-", "٢ الانتظار طويل|2|الانتظار طويل", "4. شكراً|4|شكراً",
            "ممتاز|5|-", "جيد جدا|4|-", "جيد جداً|4|-", "جيّد|3|-", "جيد لكن تأخرتم|3|لكن تأخرتم", "مقبول|2|-",
            "سيء|1|-", "سيئ جدا|1|جدا", "ضعيفة|1|-",
            "Excellent!|5|-", "very good|4|-", "Good|3|-", "fair|2|-", "poor service|1|service",
            "⭐⭐⭐|3|-", "⭐️⭐️⭐️⭐️⭐️ thanks|5|thanks", "😡|1|-", "🙁|2|-", "😐|3|-", "🙂|4|-",
            "😍 شكرا لكم|5|شكرا لكم", "👍|4|-"})
    void readsEachFormOfAnswer(String text, int score, String comment) {
        assertThat(ScoreParser.parse(text, null)).contains(new ScoreParser.Score(score, comment));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "6", "0", "10", "12 طفلاً", "مرحبا", "أريد مساعدة", "goodbye", "جيدات", "2026"})
    void anythingElseIsNotAnAnswer(String text) {
        assertThat(ScoreParser.parse(text, null)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5})
    void aButtonCarriesItsScore(int score) {
        assertThat(ScoreParser.parse("whatever the title said", "survey:" + score))
                .contains(new ScoreParser.Score(score, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"survey:6", "survey:x", "menu:2"})
    void anotherButtonIsNotAnAnswer(String payload) {
        assertThat(ScoreParser.parse("hello", payload)).isEmpty();
    }
}
