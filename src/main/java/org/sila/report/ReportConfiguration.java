package org.sila.report;

import org.sila.association.AssociationProfiles;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

@Configuration(proxyBeanMethods = false)
class ReportConfiguration {

    /** The association's day is its profile's (time zone); only the periodic e-mail is deployment settings. */
    @Bean
    ReportProperties reportProperties(Environment environment, AssociationProfiles profiles) {
        return new ReportProperties(profiles.active().timeZone(),
                Binder.get(environment).bindOrCreate("sila.report.mail", ReportProperties.Mail.class));
    }
}
