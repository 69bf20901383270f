package org.sila.report;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.chrono.HijrahChronology;
import java.time.chrono.HijrahDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * Days from {@code from} to {@code to}, both included, as Gregorian dates; built from Gregorian or Hijri (Umm
 * al-Qura) input. Hijri dates outside the calendar's table (AH 1300–1600) are refused with a clear message.
 */
public record DateRange(LocalDate from, LocalDate to) {

    public static final int MAX_DAYS = 3 * 366;

    public DateRange {
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("The range starts after it ends: " + from + " > " + to);
        }
        if (from.plusDays(MAX_DAYS).isBefore(to)) {
            throw new IllegalArgumentException("A range is at most " + MAX_DAYS + " days");
        }
    }

    public enum Calendar { GREGORIAN, HIJRI }

    /** {@code yyyy-MM-dd} in either calendar. */
    public static DateRange parse(String from, String to, Calendar calendar) {
        return new DateRange(date(from, calendar), date(to, calendar));
    }

    public static LocalDate date(String text, Calendar calendar) {
        String[] parts = text.strip().split("-");
        if (parts.length != 3) {
            throw new IllegalArgumentException("A date is written yyyy-MM-dd: " + text);
        }
        try {
            int y = Integer.parseInt(parts[0]);
            int m = Integer.parseInt(parts[1]);
            int d = Integer.parseInt(parts[2]);
            if (calendar == Calendar.GREGORIAN) {
                return LocalDate.of(y, m, d);
            }
            var range = HijrahChronology.INSTANCE.range(ChronoField.YEAR);
            // HijrahDate outside its table throws ArrayIndexOutOfBounds, not DateTimeException: check first.
            if (y < range.getMinimum() || y > range.getMaximum() - 1) {
                throw new IllegalArgumentException("Hijri years run from " + range.getMinimum() + " to "
                        + (range.getMaximum() - 1) + ": " + text);
            }
            return LocalDate.from(HijrahDate.of(y, m, d));
        } catch (NumberFormatException | DateTimeException e) {
            throw new IllegalArgumentException("Not a date: " + text, e);
        }
    }

    /** The Umm al-Qura date of {@code day}, {@code yyyy-MM-dd}, or empty outside the calendar's table. */
    public static String hijri(LocalDate day) {
        try {
            return HijrahDate.from(day).format(DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT));
        } catch (RuntimeException outside) {
            return "";
        }
    }

    public String format(Calendar calendar) {
        return calendar == Calendar.HIJRI ? hijri(from) + " — " + hijri(to) : from + " — " + to;
    }
}
