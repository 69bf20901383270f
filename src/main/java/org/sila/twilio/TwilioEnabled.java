package org.sila.twilio;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * On when both {@code sila.twilio.account-sid} and {@code sila.twilio.auth-token} are set and not blank (an empty
 * {@code ${TWILIO_ACCOUNT_SID:}} counts as unset, which {@code @ConditionalOnProperty} would not do).
 */
class TwilioEnabled extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        var env = context.getEnvironment();
        boolean sid = TwilioProperties.isSet(env.getProperty("sila.twilio.account-sid"));
        boolean token = TwilioProperties.isSet(env.getProperty("sila.twilio.auth-token"));
        return sid && token
                ? ConditionOutcome.match("Twilio account SID and auth token are set")
                : ConditionOutcome.noMatch("Twilio is off: sila.twilio.account-sid and sila.twilio.auth-token must "
                        + "both be set (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN)");
    }
}
