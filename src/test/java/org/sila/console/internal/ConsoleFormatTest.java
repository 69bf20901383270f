package org.sila.console.internal;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sila.association.AssociationProfiles;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.context.support.StaticMessageSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** The console writes dates in the association's own time zone, the one its profile names. */
class ConsoleFormatTest {

    @AfterEach
    void resetLocale() {
        LocaleContextHolder.resetLocaleContext();
    }

    @Test
    void aLibyanAssociationsStaffReadTripoliTimeAndASaudiOnesRiyadhTime() {
        LocaleContextHolder.setLocale(Locale.ENGLISH);
        Instant at = Instant.parse("2026-11-30T21:30:00Z");
        assertThat(format("modreka").time(at)).isEqualTo("30 Nov 23:30");
        assertThat(format("default").time(at)).isEqualTo("1 Dec 00:30");
    }

    private static ConsoleFormat format(String association) {
        AssociationProfiles profiles = mock(AssociationProfiles.class);
        when(profiles.active()).thenReturn(AssociationProfiles.load(Path.of("."), association));
        return new ConsoleFormat(profiles, new StaticMessageSource());
    }
}
