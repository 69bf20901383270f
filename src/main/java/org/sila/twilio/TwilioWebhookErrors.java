package org.sila.twilio;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Conditional;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Refused webhooks answer with their status and a plain sentence saying why; nothing was stored. */
@RestControllerAdvice(basePackageClasses = TwilioWebhookErrors.class)
@Conditional(TwilioEnabled.class)
class TwilioWebhookErrors {

    private static final Logger log = LoggerFactory.getLogger(TwilioWebhookErrors.class);

    @ExceptionHandler(TwilioWebhookException.class)
    ResponseEntity<String> refused(TwilioWebhookException e) {
        log.warn("Twilio webhook refused ({}): {}", e.status().value(), e.getMessage());
        return ResponseEntity.status(e.status()).contentType(MediaType.TEXT_PLAIN).body(e.getMessage());
    }
}
