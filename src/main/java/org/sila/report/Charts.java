package org.sila.report;

import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * The report's charts, from the same series of a {@link MeasurementReport}: for the pages, bars and lines whose
 * labels the page writes as HTML beside the shapes (no script, no library in the browser, and Arabic or English
 * labels of any length wrap instead of being clipped); PNG for the e-mail.
 */
public final class Charts {

    /** A named series of values with their labels. */
    public record Series(String title, List<String> labels, List<Number> values) {
    }

    private Charts() {
    }

    public static Series dailyContacts(MeasurementReport r) {
        List<String> labels = new ArrayList<>();
        List<Number> values = new ArrayList<>();
        r.days().forEach((day, c) -> {
            labels.add(day.toString().substring(5));
            values.add(c.get(Metric.INBOUND));
        });
        return new Series(Labels.text("reports.chart.inbound"), labels, values);
    }

    public static Series contactsByChannel(MeasurementReport r) {
        List<String> labels = new ArrayList<>();
        List<Number> values = new ArrayList<>();
        r.channels().forEach((channel, c) -> {
            labels.add(Labels.of(channel));
            values.add(c.get(Metric.CONTACTS));
        });
        return new Series(Labels.text("reports.chart.channels"), labels, values);
    }

    public static Series scores(MeasurementReport r) {
        long[] distribution = r.distribution();
        List<String> labels = new ArrayList<>();
        List<Number> values = new ArrayList<>();
        for (int score = 1; score <= 5; score++) {
            labels.add(score + " " + Labels.score(score));
            values.add(distribution[score - 1]);
        }
        return new Series(Labels.text("reports.chart.scores"), labels, values);
    }

    /** Average satisfaction score per day (1 to 5); null on days without an answer. */
    public static Series satisfaction(MeasurementReport r) {
        List<String> labels = new ArrayList<>();
        List<Number> values = new ArrayList<>();
        r.days().forEach((day, c) -> {
            labels.add(day.toString().substring(5));
            long answered = c.get(Metric.SURVEYS_ANSWERED);
            values.add(answered == 0 ? null : (double) c.get(Metric.SCORE_SUM) / answered);
        });
        return new Series(Labels.text("reports.chart.satisfaction"), labels, values);
    }

    // ---- the page: text in HTML (it wraps, never clips), shapes in SVG ---------------------------------------

    /** One bar: its label, its value as shown, and its length in percent of the longest. */
    public record Bar(String label, String value, double percent) {
    }

    public static List<Bar> bars(Series s) {
        double max = max(s.values());
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < s.values().size(); i++) {
            double value = s.values().get(i).doubleValue();
            bars.add(new Bar(s.labels().get(i), format(value), max == 0 ? 0 : Math.round(1000 * value / max) / 10.0));
        }
        return bars;
    }

    /**
     * A line over the days of the range, as SVG points in a {@value #LINE_WIDTH}×{@value #LINE_HEIGHT} box (days
     * without a value are left out) and the labels of its axes.
     */
    public record Line(String points, String first, String last, String top, String bottom, boolean empty) {
    }

    static final int LINE_WIDTH = 100;
    static final int LINE_HEIGHT = 40;

    /** The line on a scale from {@code floor} to {@code ceiling}, or to the series' largest value when that is null. */
    public static Line line(Series s, double floor, Double ceiling) {
        int n = s.values().size();
        double top = ceiling != null ? ceiling : Math.max(floor + 1, max(s.values()));
        var points = new StringBuilder();
        for (int i = 0; i < n; i++) {
            Number value = s.values().get(i);
            if (value == null) {
                continue;
            }
            double x = n == 1 ? LINE_WIDTH / 2.0 : (double) LINE_WIDTH * i / (n - 1);
            double y = LINE_HEIGHT - LINE_HEIGHT * (value.doubleValue() - floor) / (top - floor);
            points.append(String.format(Locale.ROOT, "%.2f,%.2f ", x, y));
        }
        String drawn = points.toString().strip();
        if (!drawn.isEmpty() && drawn.indexOf(' ') < 0) {
            drawn = drawn + " " + drawn; // one day: a dot (the round line cap) rather than nothing
        }
        return new Line(drawn, n == 0 ? "" : s.labels().get(0), n == 0 ? "" : s.labels().get(n - 1), format(top),
                format(floor), drawn.isEmpty());
    }

    // ---- PNG -----------------------------------------------------------------------------------------------

    public static byte[] pngBars(Series s) {
        return png(ChartFactory.createBarChart(s.title(), null, null, dataset(s), PlotOrientation.HORIZONTAL, false,
                false, false));
    }

    public static byte[] pngLine(Series s) {
        return png(ChartFactory.createLineChart(s.title(), null, null, dataset(s), PlotOrientation.VERTICAL, false,
                false, false));
    }

    private static DefaultCategoryDataset dataset(Series s) {
        var data = new DefaultCategoryDataset();
        for (int i = 0; i < s.values().size(); i++) {
            data.addValue(s.values().get(i), s.title(), s.labels().get(i));
        }
        return data;
    }

    private static byte[] png(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        chart.getCategoryPlot().setBackgroundPaint(Color.WHITE);
        chart.getCategoryPlot().setRangeGridlinePaint(Color.LIGHT_GRAY);
        chart.getCategoryPlot().getRenderer().setSeriesPaint(0, new Color(0x2a, 0x7f, 0x62));
        var out = new ByteArrayOutputStream();
        try {
            ChartUtils.writeChartAsPNG(out, chart, 720, 360);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static double max(List<Number> values) {
        return values.stream().filter(java.util.Objects::nonNull).mapToDouble(Number::doubleValue).max().orElse(0);
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
