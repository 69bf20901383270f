package org.sila.report;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

import org.sila.survey.FollowUp;

/**
 * The measurement centre's figures over a range of days.
 *
 * @param totals     everything counted per channel, summed (the key figures)
 * @param days       per day, summed over channels (trend lines); every day of the range is present
 * @param visitors   per day, distinct visitors logged as walk-ins
 * @param channels   per channel
 * @param caseTypes  per case type (cases, committee, and satisfaction by request type; {@code CONVERSATION} for
 *                   conversations' surveys)
 * @param staff      per staff member
 * @param unanswered the questions the bot did not answer in the range, alike ones together, most asked first
 * @param followUps  open follow-ups of low scores
 */
public record MeasurementReport(DateRange range, Counters totals, SortedMap<LocalDate, Counters> days,
                                SortedMap<LocalDate, Long> visitors, Map<String, Counters> channels,
                                Map<String, Counters> caseTypes, Map<String, Counters> staff,
                                List<Unanswered> unanswered, List<FollowUp> followUps) {

    /**
     * A question the bot did not answer, with how often it (or the same with other spelling) was asked.
     *
     * @param text   its latest wording
     * @param kind   what the bot did the last time: UNSURE (offered guesses), UNKNOWN, OUT_OF_SCOPE
     * @param guess  the bot's best guess the last time, if any
     */
    public record Unanswered(String text, long count, Instant lastAt, String kind, String guess) {
    }

    /** Everything counted per case type, summed (committee decisions are counted there only). */
    public Counters caseTypesTotal() {
        Counters sum = new Counters();
        caseTypes.values().forEach(sum::add);
        return sum;
    }

    /** Survey answers by score, 1 to 5. */
    public long[] distribution() {
        long[] counts = new long[5];
        for (int score = 1; score <= 5; score++) {
            counts[score - 1] = totals.get(Metric.score(score));
        }
        return counts;
    }
}
