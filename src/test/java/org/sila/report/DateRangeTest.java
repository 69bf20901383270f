package org.sila.report;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DateRangeTest {

    @Test
    void hijriDatesAreUmmAlQura() {
        // 1 Muharram 1447 was Thursday 26 June 2025; 1 Ramadan 1446 was Saturday 1 March 2025.
        DateRange range = DateRange.parse("1446-09-01", "1447-01-01", DateRange.Calendar.HIJRI);
        assertThat(range.from()).isEqualTo(LocalDate.of(2025, 3, 1));
        assertThat(range.to()).isEqualTo(LocalDate.of(2025, 6, 26));
        assertThat(DateRange.hijri(LocalDate.of(2025, 6, 26))).isEqualTo("1447-01-01");
    }

    @Test
    void gregorianDatesAreTakenAsTheyAre() {
        DateRange range = DateRange.parse("2026-11-01", " 2026-11-30 ", DateRange.Calendar.GREGORIAN);
        assertThat(range.from()).isEqualTo(LocalDate.of(2026, 11, 1));
        assertThat(range.to()).isEqualTo(LocalDate.of(2026, 11, 30));
    }

    @Test
    void badInputIsRefusedWithAClearMessage() {
        assertThatThrownBy(() -> DateRange.parse("1700-01-01", "1700-02-01", DateRange.Calendar.HIJRI))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Hijri years run from");
        assertThatThrownBy(() -> DateRange.parse("1447-13-01", "1447-13-02", DateRange.Calendar.HIJRI))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Not a date");
        assertThatThrownBy(() -> DateRange.parse("2026-11-30", "2026-11-01", DateRange.Calendar.GREGORIAN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("starts after it ends");
        assertThatThrownBy(() -> DateRange.parse("30/11/2026", "2026-11-01", DateRange.Calendar.GREGORIAN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("yyyy-MM-dd");
        assertThatThrownBy(() -> DateRange.parse("2020-01-01", "2026-01-01", DateRange.Calendar.GREGORIAN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most");
    }
}
