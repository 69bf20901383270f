package org.sila.association;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import org.sila.channel.AssociationFacts;
import org.springframework.stereotype.Component;

/** The active profile and its templates, as the channel adapters (and the conversation store) may see them. */
@Component
class AssociationFactsPort implements AssociationFacts {

    private final AssociationProfile profile;
    private final Templates templates;

    AssociationFactsPort(AssociationProfiles profiles, Templates templates) {
        this.profile = profiles.active();
        this.templates = templates;
    }

    @Override
    public String text(String key, String language) {
        return templates.text(key, Language.of(language));
    }

    @Override
    public boolean isOpen(Instant at) {
        return profile.isOpen(at);
    }

    @Override
    public ZoneId timeZone() {
        return profile.timeZone();
    }

    @Override
    public List<String> phoneRegions() {
        return profile.phoneRegions();
    }
}
