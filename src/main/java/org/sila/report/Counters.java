package org.sila.report;

import java.util.EnumMap;
import java.util.Map;

import org.bson.Document;

/** A sum of rollup counters, and the figures derived from them (averages and rates; null when undefined). */
public final class Counters {

    private final EnumMap<Metric, Long> values = new EnumMap<>(Metric.class);

    public long get(Metric metric) {
        return values.getOrDefault(metric, 0L);
    }

    public Counters add(Metric metric, long value) {
        values.merge(metric, value, Long::sum);
        return this;
    }

    public Counters add(Counters other) {
        other.values.forEach(this::add);
        return this;
    }

    Counters add(Document rollup) {
        for (Metric metric : Metric.values()) {
            Object value = rollup.get(metric.name());
            if (value instanceof Number n) {
                add(metric, n.longValue());
            }
        }
        return this;
    }

    public Map<Metric, Long> asMap() {
        return Map.copyOf(values);
    }

    /** Minutes from a conversation's first message to the first answer (bot or staff). */
    public Double averageFirstResponseMinutes() {
        return ratio(get(Metric.FIRST_RESPONSE_MS), get(Metric.FIRST_RESPONSE_COUNT) * 60_000.0);
    }

    /** Hours from a conversation's first message to its resolution. */
    public Double averageResolutionHours() {
        return ratio(get(Metric.RESOLUTION_MS), get(Metric.CONVERSATIONS_RESOLVED) * 3_600_000.0);
    }

    /** Share of resolved conversations answered without staff, in percent. */
    public Double containmentPercent() {
        return percent(get(Metric.BOT_CONTAINED), get(Metric.CONVERSATIONS_RESOLVED));
    }

    /** Share of committee decisions given within the association's time, in percent. */
    public Double committeeSlaPercent() {
        return percent(get(Metric.COMMITTEE_WITHIN_SLA), get(Metric.COMMITTEE_WITHIN_SLA)
                + get(Metric.COMMITTEE_AFTER_SLA));
    }

    public Double surveyResponsePercent() {
        return percent(get(Metric.SURVEYS_ANSWERED), get(Metric.SURVEYS_SENT));
    }

    public Double averageScore() {
        return ratio(get(Metric.SCORE_SUM), get(Metric.SURVEYS_ANSWERED));
    }

    private static Double ratio(double a, double b) {
        return b == 0 ? null : a / b;
    }

    private static Double percent(long part, long whole) {
        return whole == 0 ? null : 100.0 * part / whole;
    }
}
