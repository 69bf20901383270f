package org.sila.console.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.chrono.HijrahChronology;
import java.time.chrono.HijrahDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.util.Locale;

import org.sila.association.AssociationProfiles;
import org.sila.channel.DeliveryStatus;
import org.sila.channel.SharedContent;
import org.sila.conversation.Message;
import org.sila.staff.PersonalData;
import org.sila.staff.StaffMember;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * How the console writes dates: Gregorian beside Hijri (Umm al-Qura) in the staff member's language, in the
 * association's time zone; delivery ticks; and what beneficiaries wrote, masked by role.
 */
@Component("fmt")
public class ConsoleFormat {

    private final ZoneId zone;
    private final MessageSource messages;

    ConsoleFormat(AssociationProfiles profiles, MessageSource messages) {
        this.zone = profiles.active().timeZone();
        this.messages = messages;
    }

    /** A message's text as {@code me} may read it (see {@link PersonalData#maskIdNumbers}). */
    public String text(StaffMember me, String text) {
        return PersonalData.maskIdNumbers(me, text);
    }

    /** What a message carried besides text and files (a place, a contact card, a sticker ...), or null. */
    public SharedContent content(Message message) {
        return SharedContent.of(message.details()).orElse(null);
    }

    /** A file size as people read it: 980 B, 14.2 KB, 3.1 MB. */
    public String size(long bytes) {
        return bytes < 1024 ? bytes + " B" : bytes < 1024 * 1024
                ? String.format(java.util.Locale.ROOT, "%.1f KB", bytes / 1024.0)
                : String.format(java.util.Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
    }

    public String gregorian(Instant at) {
        if (at == null) {
            return "";
        }
        return DateTimeFormatter.ofPattern("d MMM yyyy HH:mm", locale()).format(at.atZone(zone));
    }

    public String day(Instant at) {
        return at == null ? "" : DateTimeFormatter.ofPattern("d MMMM yyyy", locale()).format(at.atZone(zone));
    }

    /** The Umm al-Qura date, or empty outside the calendar's range (AH 1300-1600). */
    public String hijri(Instant at) {
        if (at == null) {
            return "";
        }
        LocalDate date = at.atZone(zone).toLocalDate();
        if (!HijrahChronology.INSTANCE.range(ChronoField.EPOCH_DAY).isValidValue(date.toEpochDay())) {
            return "";
        }
        String text = DateTimeFormatter.ofPattern("d MMMM yyyy", locale()).format(HijrahDate.from(date));
        return text + " " + messages.getMessage("reports.ah", null, LocaleContextHolder.getLocale());
    }

    /** Gregorian and Hijri together, for due dates. */
    public String both(Instant at) {
        String hijri = hijri(at);
        return hijri.isEmpty() ? day(at) : day(at) + " — " + hijri;
    }

    public String time(Instant at) {
        return at == null ? "" : DateTimeFormatter.ofPattern("d MMM HH:mm", locale()).format(at.atZone(zone));
    }

    /** ⏱ queued, ✓ sent, ✓✓ delivered, ✓✓ (blue) read, ✗ failed. */
    public String ticks(DeliveryStatus status) {
        if (status == null) {
            return "";
        }
        return switch (status) {
            case QUEUED -> "⏱";
            case SENT -> "✓";
            case DELIVERED, READ -> "✓✓";
            case FAILED -> "✗";
        };
    }

    public boolean isArabic() {
        return !"en".equals(locale().getLanguage());
    }

    private static Locale locale() {
        Locale locale = LocaleContextHolder.getLocale();
        return "en".equals(locale.getLanguage()) ? Locale.ENGLISH : Locale.forLanguageTag("ar-SA-u-nu-latn");
    }
}
