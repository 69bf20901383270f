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
import org.springframework.web.util.HtmlUtils;

/**
 * The report's charts: inline SVG for the pages (no script, no library in the browser) and PNG for the e-mail.
 * Both draw the same three series from a {@link MeasurementReport}.
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
        return new Series("الرسائل الواردة يوميًا", labels, values);
    }

    public static Series contactsByChannel(MeasurementReport r) {
        List<String> labels = new ArrayList<>();
        List<Number> values = new ArrayList<>();
        r.channels().forEach((channel, c) -> {
            labels.add(Labels.of(channel));
            values.add(c.get(Metric.CONTACTS));
        });
        return new Series("المتواصلون حسب القناة", labels, values);
    }

    public static Series scores(MeasurementReport r) {
        long[] distribution = r.distribution();
        List<String> labels = new ArrayList<>();
        List<Number> values = new ArrayList<>();
        for (int score = 1; score <= 5; score++) {
            labels.add(score + " " + Labels.SCORES[score - 1]);
            values.add(distribution[score - 1]);
        }
        return new Series("توزيع درجات الرضا", labels, values);
    }

    // ---- SVG -----------------------------------------------------------------------------------------------

    public static String svgBars(Series s) {
        int width = 640;
        int rowHeight = 28;
        int height = Math.max(1, s.values().size()) * rowHeight + 10;
        double max = max(s.values());
        var svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">"
                        + "<title>%s</title>", width, height, width, height, HtmlUtils.htmlEscape(s.title())));
        for (int i = 0; i < s.values().size(); i++) {
            double value = s.values().get(i).doubleValue();
            double bar = max == 0 ? 0 : (width - 230) * value / max;
            int y = 5 + i * rowHeight;
            // Right to left: the label at the right edge, the bar growing leftwards from it.
            svg.append(String.format(Locale.ROOT,
                    "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-size=\"13\">%s</text>"
                            + "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"18\" fill=\"#2a7f62\"/>"
                            + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"end\" font-size=\"12\">%s</text>",
                    width - 5, y + 14, HtmlUtils.htmlEscape(s.labels().get(i)), width - 160 - bar, y, bar,
                    width - 165 - bar, y + 14, format(value)));
        }
        return svg.append("</svg>").toString();
    }

    public static String svgLine(Series s) {
        int width = 640;
        int height = 200;
        int pad = 30;
        double max = max(s.values());
        int n = s.values().size();
        var points = new StringBuilder();
        for (int i = 0; i < n; i++) {
            double x = n == 1 ? width / 2.0 : pad + (width - 2.0 * pad) * i / (n - 1);
            double y = height - pad - (max == 0 ? 0 : (height - 2.0 * pad) * s.values().get(i).doubleValue() / max);
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        }
        return String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">"
                        + "<title>%s</title><line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>"
                        + "<polyline fill=\"none\" stroke=\"#2a7f62\" stroke-width=\"2\" points=\"%s\"/>"
                        + "<text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text><text x=\"%d\" y=\"%d\" font-size=\"11\""
                        + " text-anchor=\"end\">%s</text><text x=\"5\" y=\"15\" font-size=\"11\">%s</text></svg>",
                width, height, width, height, HtmlUtils.htmlEscape(s.title()), pad, height - pad, width - pad,
                height - pad, points.toString().strip(), pad, height - 10, n == 0 ? "" : s.labels().get(0),
                width - pad, height - 10, n == 0 ? "" : s.labels().get(n - 1), format(max));
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
        return values.stream().mapToDouble(Number::doubleValue).max().orElse(0);
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
