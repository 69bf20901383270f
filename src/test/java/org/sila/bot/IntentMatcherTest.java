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
    static List<String[]> blind;

    @BeforeAll
    static void load() throws IOException {
        matcher = IntentMatcher.load(Path.of("."));
        labelled = read("labelled.tsv");
        blind = read("blind.tsv");
    }

    static List<String[]> read(String name) throws IOException {
        return Files.readAllLines(Path.of("src/test/resources/intents", name), StandardCharsets.UTF_8)
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

    /** A labelled line may mean what an example means (that is what the word maps are for), but not copy it. */
    @Test
    void theLabelledSetsAreNotCopiesOfTheKnowledgeBase() {
        Set<String> kb = new HashSet<>();
        matcher.intents().values().forEach(i -> i.examples().values().forEach(l -> l.forEach(
                t -> kb.add(matcher.fold(t)))));
        assertThat(labelled).noneMatch(l -> kb.contains(matcher.fold(l[1])));
        for (List<String[]> set : List.of(labelled, blind)) {
            set.stream().map(l -> l[0]).distinct().filter(i -> !i.equals(IntentMatcher.OUT_OF_SCOPE))
                    .forEach(i -> assertThat(set.stream().filter(l -> l[0].equals(i)).count()).as(i)
                            .isGreaterThanOrEqualTo(15));
        }
    }

    @Test
    void foldingEvensOutSpellingButKeepsTheWords() {
        assertThat(matcher.fold("السَّلامُ عَلَيْكُمْ")).isEqualTo(matcher.fold("السلام عليكم"));
        assertThat(matcher.fold("وقتاش تسكروا")).isNotEqualTo(matcher.fold("متى تغلقون"));
        assertThat(matcher.normalise("وقتاش تسكروا")).isEqualTo(matcher.normalise("متى تغلقون"));
    }

    @ParameterizedTest
    @CsvSource({
            "وش رقم الجمعية, contact-channels", "ابي اغير رقمي, update-data",
            "ابي اسجل عندكم, apply-support", "ابي اسجل متطوع, volunteer",
            "متى يطلع قرار اللجنة عادة, decision-time", "وين وصل طلبي, request-status",
    })
    void neighbouringIntentsAreToldApartByTheirWords(String text, String intent) {
        assertThat(matcher.decide(text).intent()).isEqualTo(intent);
    }

    @Test
    void aHeldOutExampleIsNotKnownToTheMatcherBuiltWithoutIt() {
        String example = matcher.intents().get("volunteer").examples().get("msa").get(0);
        IntentMatcher without = matcher.without(Set.of(example));
        assertThat(without.intents().get("volunteer").examples().get("msa")).doesNotContain(example);
        assertThat(without.match(example).get(0).confidence()).isLessThan(matcher.match(example).get(0).confidence());
    }

    /**
     * The hub trains the model after it starts; questions that come sooner (from several threads at once) wait for it
     * and get the answer a matcher trained beforehand gives.
     */
    @Test
    void questionsAskedWhileTheModelTrainsInTheBackgroundWaitForItAndGetTheRightAnswer() throws Exception {
        IntentMatcher fresh = IntentMatcher.load(Path.of("."));
        fresh.trainInBackground();
        List<String> questions = List.of("ابي اسجل عندكم", "وين وصل طلبي", "وش الاوراق المطلوبة", "xyzzy qwerty");
        var pool = java.util.concurrent.Executors.newFixedThreadPool(questions.size());
        try {
            var asked = pool.invokeAll(questions.stream()
                    .<java.util.concurrent.Callable<Decision>>map(q -> () -> fresh.decide(q)).toList());
            for (int i = 0; i < questions.size(); i++) {
                assertThat(asked.get(i).get()).as(questions.get(i)).isEqualTo(matcher.decide(questions.get(i)));
            }
        } finally {
            pool.shutdown();
        }
    }

    /**
     * Floors, not aims: the figures measured when this was written (see IntentMatchingBench) less a little, so a
     * change that makes matching worse fails here. Raise them as the knowledge base grows.
     */
    @ParameterizedTest
    @CsvSource({"labelled, 0.95, 0.92, 0.95", "blind, 0.95, 0.93, 0.90"})
    void accuracyOnTheLabelledSetsStaysAboveItsFloors(String set, double bestGuess, double answered,
                                                       double rejection) {
        int in = 0, bestRight = 0, answeredRight = 0, answeredWrong = 0, oos = 0, rejected = 0;
        for (String[] l : set.equals("blind") ? blind : labelled) {
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
        assertThat((double) bestRight / in).as("best guess right").isGreaterThanOrEqualTo(bestGuess);
        assertThat((double) answeredRight / in).as("answered and right").isGreaterThanOrEqualTo(answered);
        assertThat((double) answeredWrong / in).as("answered wrongly").isLessThanOrEqualTo(0.03);
        assertThat((double) rejected / oos).as("out-of-scope rejected").isGreaterThanOrEqualTo(rejection);
    }
}
