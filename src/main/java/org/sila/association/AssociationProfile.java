package org.sila.association;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An association's policy for its relationship with beneficiaries, as data (the files under {@code associations/}):
 * who it is, how it is reached, when staff work, how long its committee takes, whom it selects and what it asks for.
 */
public record AssociationProfile(String id, Text name, String licence, String country, ZoneId timeZone,
                                 Contacts contacts, List<String> channels, WorkingHours workingHours,
                                 List<DayOfWeek> weekend, Committee committee, Text referral,
                                 List<Item> selectionCriteria, List<Item> programmes, List<Item> requiredDocuments,
                                 List<String> stakeholderPolicies, IdNumber idNumber, List<String> phoneRegions,
                                 Duration forgetDialoguesAfter, SurveyPolicy survey, List<WorkArea> workAreas) {

    public AssociationProfile {
        phoneRegions = phoneRegions == null || phoneRegions.isEmpty() ? List.of(country) : List.copyOf(phoneRegions);
        channels = channels == null ? List.of() : List.copyOf(channels);
        weekend = weekend == null ? List.of() : List.copyOf(weekend);
        selectionCriteria = selectionCriteria == null ? List.of() : List.copyOf(selectionCriteria);
        programmes = programmes == null ? List.of() : List.copyOf(programmes);
        requiredDocuments = requiredDocuments == null ? List.of() : List.copyOf(requiredDocuments);
        stakeholderPolicies = stakeholderPolicies == null ? List.of() : List.copyOf(stakeholderPolicies);
        workAreas = workAreas == null ? List.of() : List.copyOf(workAreas);
        List<String> programmeIds = programmes.stream().map(Item::id).toList();
        for (WorkArea area : workAreas) {
            if (!programmeIds.containsAll(area.programmes())) {
                throw new IllegalStateException("Work area " + area.id() + " names programmes " + area.programmes()
                        + "; the profile's programmes are " + programmeIds);
            }
        }
    }

    /**
     * An area of the association's work with its liaison officer(s) (seed 004: "a liaison officer for each area of
     * work"): a case belongs to it by its programme or by its city.
     *
     * @param programmes programme ids (from {@code programmes}) the area covers
     * @param cities     city names as beneficiaries write them, in any language; matched with Arabic spelling folded
     * @param officers   login names of the area's staff: its liaison officers, and the researchers who take its
     *                   support requests
     */
    public record WorkArea(String id, Text name, List<String> programmes, List<String> cities, List<String> officers) {
        public WorkArea {
            programmes = programmes == null ? List.of() : List.copyOf(programmes);
            cities = cities == null ? List.of() : List.copyOf(cities);
            officers = officers == null ? List.of() : List.copyOf(officers);
        }
    }

    /** A text in Arabic and English. */
    public record Text(String ar, String en) {
        public String in(Language language) {
            String text = language == Language.EN ? en : ar;
            return text == null || text.isBlank() ? (ar == null ? "" : ar) : text;
        }

        public boolean isBlank() {
            return (ar == null || ar.isBlank()) && (en == null || en.isBlank());
        }
    }

    /** A named entry of a list (a programme, a document, a criterion). */
    public record Item(String id, String ar, String en) {
        public String in(Language language) {
            return new Text(ar, en).in(language);
        }
    }

    public record Contacts(String phone, List<String> email, String website, List<String> social, Text address) {
        public Contacts {
            email = email == null ? List.of() : List.copyOf(email);
            social = social == null ? List.of() : List.copyOf(social);
        }
    }

    public record WorkingHours(LocalTime opens, LocalTime closes) {
    }

    /**
     * What the country's personal ID number looks like: digits matching {@code pattern}, with an optional check
     * digit. A new country is a profile setting, not code.
     */
    public record IdNumber(String pattern, Checksum checksum) {
        public IdNumber {
            Pattern.compile(pattern);
            checksum = checksum == null ? Checksum.NONE : checksum;
        }

        public boolean accepts(String digits) {
            return digits != null && digits.matches(pattern) && checksum.holds(digits);
        }
    }

    public enum Checksum {
        NONE,
        /** The Luhn check digit of Saudi national IDs and iqamas. */
        LUHN;

        boolean holds(String digits) {
            if (this == NONE) {
                return true;
            }
            int sum = 0;
            for (int i = 0; i < digits.length(); i++) {
                int d = digits.charAt(digits.length() - 1 - i) - '0';
                if (i % 2 == 1) {
                    d *= 2;
                    d = d > 9 ? d - 9 : d;
                }
                sum += d;
            }
            return sum % 10 == 0;
        }
    }

    /**
     * When the association asks for a satisfaction rating and what it does with it.
     *
     * @param onConversationResolved send a survey when a conversation is resolved
     * @param onServiceDelivered     send a survey when a request reaches "service delivered"
     * @param expiry                 how long a survey waits for its answer
     * @param commentWindow          after a score, how long the next message is taken as its comment
     * @param lowScore               a score at or below this opens a follow-up for a manager
     */
    public record SurveyPolicy(boolean onConversationResolved, boolean onServiceDelivered, Duration expiry,
                               Duration commentWindow, int lowScore) {
    }

    /** Who decides on requests and how long the policy says it takes. */
    public record Committee(AnswerTime answerTime, Text body) {
    }

    public enum AnswerTime {
        TWO_WEEKS(Period.ofWeeks(2)), ONE_MONTH(Period.ofMonths(1)), AS_SOON_AS_POSSIBLE(null);

        private final Period period;

        AnswerTime(Period period) {
            this.period = period;
        }

        /** The policy's period, empty for "as soon as possible". */
        public Optional<Period> period() {
            return Optional.ofNullable(period);
        }
    }

    public boolean hasPolicy(String policy) {
        return stakeholderPolicies.contains(policy);
    }

    public boolean isWorkingDay(DayOfWeek day) {
        return !weekend.contains(day);
    }

    /** Whether staff are at work at {@code at}, in the association's time zone. */
    public boolean isOpen(Instant at) {
        ZonedDateTime local = at.atZone(timeZone);
        LocalTime time = local.toLocalTime();
        return isWorkingDay(local.getDayOfWeek()) && !time.isBefore(workingHours.opens())
                && time.isBefore(workingHours.closes());
    }

    /** When staff are next at work from {@code at} ({@code at} itself when open), in the association's zone. */
    public ZonedDateTime nextOpening(Instant at) {
        ZonedDateTime local = at.atZone(timeZone);
        if (isOpen(at)) {
            return local;
        }
        ZonedDateTime candidate = local.toLocalTime().isBefore(workingHours.opens())
                ? local.with(workingHours.opens()) : local.plusDays(1).with(workingHours.opens());
        for (int i = 0; i < 8 && !isWorkingDay(candidate.getDayOfWeek()); i++) {
            candidate = candidate.plusDays(1);
        }
        return candidate;
    }

    /** When a committee answer is due for a request made at {@code at}; empty when the policy gives no period. */
    public Optional<Instant> committeeDueAt(Instant at) {
        return committee.answerTime().period().map(p -> at.atZone(timeZone).plus(p).toInstant());
    }
}
