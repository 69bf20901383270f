package org.sila.survey;

import org.sila.association.AssociationProfiles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The survey policy comes from the association's profile, like every other policy setting. */
@Configuration
class SurveyConfiguration {

    @Bean
    SurveyProperties surveyProperties(AssociationProfiles profiles) {
        return SurveyProperties.of(profiles.active().survey());
    }
}
