package org.sila.bot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sila.bot.IntentMatcher.Decision;
import org.sila.bot.IntentMatcher.Kind;

import static org.assertj.core.api.Assertions.assertThat;

/** The matcher without Spring: normalisation, the knowledge base's coverage, and accuracy floors. */
class IntentMatcherTest {

    static IntentMatcher matcher;
    static List<String[]> labelled;

    @BeforeAll
    static void load() throws IOException {
        matcher = IntentMatcher.load(Path.of("."));
        labelled = Files.readAllLines(Path.of("src/test/resources/intents/labelled.tsv"), StandardCharsets.UTF_8)
                .stream().filter(l -> !l.isBlank() && !l.startsWith("#")).map(l -> l.split("\t", 2)).toList();
    }

    @ParameterizedTest
    @CsvSource({
            "أين مقرّ الجمعيّة, اين مقر الجمعيه",
            "إلى الجمعيـــــة, الي الجمعيه",
            "مسؤول هيئة, مسوول هييه",
            "ٱلسلام, السلام",
            "شيء, شي",
            "آمنة, امنه",
            "١٢٣٤٥٦٧٨٩٠, 1234567890",
            "ﺍﻟﺴﻼﻡ, السلام",
            "HELLO, hello",
    })
    void spellingsFoldToOneForm(String written, String folded) {
        assertThat(matcher.normalise(written)).isEqualTo(folded);
    }

    @Test
    void dialectAndArabiziWordsBecomeTheKnowledgeBasesWords() {
        assertThat(matcher.normalise("وش ابي")).isEqualTo("ماذا اريد");
        assertThat(matcher.normalise("شن نبي")).isEqualTo("ماذا اريد");
        assertThat(matcher.normalise("3ala")).isEqualTo("علي");
        assertThat(matcher.isArabizi("abi asajel")).isTrue();
        assertThat(matcher.isArabizi("I want to apply")).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
            "السلام عليكم, greeting", "Hello, greeting", "مرحبا, greeting", "salam 3alaykom, greeting",
            "ابي اسجل عندكم, apply-support", "نبي نتابع الطلب متاعي, request-status",
            "وش الاوراق المطلوبة, required-documents", "where are you located, working-hours-location",
    })
    void everydayQuestionsAreAnswered(String text, String intent) {
        Decision d = matcher.decide(text);
        assertThat(d.kind()).isEqualTo(Kind.MATCHED);
        assertThat(d.intent()).isEqualTo(intent);
        assertThat(d.confidence()).isBetween(0.0, 1.0);
    }

    @Test
    void questionsOutsideTheAssociationsBusinessAreNotAnswered() {
        assertThat(matcher.decide("وش الجو اليوم").kind()).isNotEqualTo(Kind.MATCHED);
        assertThat(matcher.decide("tell me a joke please").kind()).isNotEqualTo(Kind.MATCHED);
        assertThat(matcher.decide("xyzzy qwerty").kind()).isEqualTo(Kind.UNKNOWN);
    }

    @Test
    void theKnowledgeBaseCoversEveryIntentOfTheIssueInEveryGroup() {
        assertThat(matcher.intents().keySet()).contains("greeting", "thanks", "about", "contact-channels",
                "apply-support", "required-documents", "decision-time", "request-status", "selection-criteria",
                "complaint", "suggestion", "volunteer", "talk-to-human", "working-hours-location", "privacy",
                "compensation", "update-data", "rate-service", IntentMatcher.OUT_OF_SCOPE);
        matcher.intents().values().forEach(i -> assertThat(i.examples().keySet()).as(i.id())
                .contains("msa", "gulf", "libyan", "en"));
    }

    @Test
    void theLabelledSetIsNotACopyOfTheKnowledgeBase() {
        Set<String> kb = new HashSet<>();
        matcher.intents().values().forEach(i -> i.examples().values().forEach(l -> l.forEach(
                t -> kb.add(matcher.normalise(t)))));
        assertThat(labelled).noneMatch(l -> kb.contains(matcher.normalise(l[1])));
        labelled.stream().map(l -> l[0]).distinct().filter(i -> !i.equals(IntentMatcher.OUT_OF_SCOPE))
                .forEach(i -> assertThat(labelled.stream().filter(l -> l[0].equals(i)).count()).as(i)
                        .isGreaterThanOrEqualTo(15));
    }

    /**
     * Floors, not aims: the figures measured when this was written (see IntentMatchingBench) less a little, so a
     * change that makes matching worse fails here. Raise them as the knowledge base grows.
     */
    @Test
    void accuracyOnTheLabelledSetStaysAboveItsFloors() {
        int in = 0, bestRight = 0, answeredRight = 0, answeredWrong = 0, oos = 0, rejected = 0;
        for (String[] l : labelled) {
            Decision d = matcher.decide(l[1]);
            if (l[0].equals(IntentMatcher.OUT_OF_SCOPE)) {
                oos++;
                rejected += d.kind() != Kind.MATCHED ? 1 : 0;
                continue;
            }
            in++;
            bestRight += l[0].equals(d.intent()) ? 1 : 0;
            answeredRight += d.kind() == Kind.MATCHED && l[0].equals(d.intent()) ? 1 : 0;
            answeredWrong += d.kind() == Kind.MATCHED && !l[0].equals(d.intent()) ? 1 : 0;
        }
        assertThat((double) bestRight / in).as("best guess right").isGreaterThanOrEqualTo(0.88);
        assertThat((double) answeredRight / in).as("answered and right").isGreaterThanOrEqualTo(0.67);
        assertThat((double) answeredWrong / in).as("answered wrongly").isLessThanOrEqualTo(0.04);
        assertThat((double) rejected / oos).as("out-of-scope rejected").isGreaterThanOrEqualTo(0.90);
    }
}
