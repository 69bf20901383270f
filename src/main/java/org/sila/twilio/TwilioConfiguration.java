package org.sila.twilio;

import com.twilio.http.TwilioRestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The Twilio adapter: on only when the account SID and auth token are both set. The REST client is built here
 * (never the SDK's static {@code Twilio.init}), so the hub could hold several and tests point it at a fake.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(TwilioEnabled.class)
@EnableConfigurationProperties(TwilioProperties.class)
class TwilioConfiguration {

    private static final Logger log = LoggerFactory.getLogger(TwilioConfiguration.class);

    @Bean
    TwilioRestClient twilioRestClient(TwilioProperties properties) {
        if (properties.publicBase() == null) {
            log.warn("sila.twilio.public-url is not set: outbound messages carry no status callback, and webhook "
                    + "signatures are checked against the URL the request (or its X-Forwarded-* headers) names");
        }
        return new TwilioRestClient.Builder(properties.accountSid(), properties.authToken())
                .httpClient(new TwilioHttpClient(properties.apiUrl()))
                .build();
    }

    @Bean
    TwilioSignatures twilioSignatures(TwilioProperties properties) {
        return new TwilioSignatures(properties);
    }

    @Bean
    TwilioMedia twilioMedia(TwilioProperties properties) {
        return new TwilioMedia(properties);
    }
}
