package org.sila.bot;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;

import org.sila.association.AssociationProfile;
import org.sila.association.AssociationProfiles;
import org.sila.association.Language;
import org.sila.association.Templates;
import org.springframework.stereotype.Component;

/** What a beneficiary is told when their conversation goes to staff: now, or when the office next opens. */
@Component
class HandOverNotice {

    private final Templates templates;
    private final AssociationProfile profile;
    private final Clock clock;

    HandOverNotice(Templates templates, AssociationProfiles profiles, Optional<Clock> clock) {
        this.templates = templates;
        this.profile = profiles.active();
        this.clock = clock.orElse(Clock.systemUTC());
    }

    String text(Language language) {
        Instant now = clock.instant();
        if (profile.isOpen(now)) {
            return templates.text("handoff.now", language);
        }
        String when = DateTimeFormatter.ofPattern(templates.text("handoff.when-pattern", language),
                Dialogues.locale(language)).format(profile.nextOpening(now));
        return templates.text("handoff.after-hours", language, Map.of("when", when));
    }
}
