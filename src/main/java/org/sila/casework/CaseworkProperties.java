package org.sila.casework;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Casework settings. The committee answer time belongs to the association's profile (the rules layer's
 * {@code association/} module); until that lands it is read from here.
 *
 * @param committeeAnswerTime  how long the research committee has to answer a request (the policy: two weeks,
 *                             one month ...), which sets a request's due date
 * @param complaintConfirmTime a resolved complaint closes by itself after this, when the complainant has not
 *                             confirmed
 */
@ConfigurationProperties("sila.casework")
public record CaseworkProperties(@DefaultValue("P14D") Duration committeeAnswerTime,
                                 @DefaultValue("P7D") Duration complaintConfirmTime) {
}
