package org.sila.twilio;

import org.springframework.http.HttpStatus;

/** A webhook refused: 403 for a missing or wrong signature, 400 for a request that is not what Twilio sends. */
class TwilioWebhookException extends RuntimeException {

    private final HttpStatus status;

    TwilioWebhookException(HttpStatus status, String message) {
        super(message);
        this.status = status;
    }

    static TwilioWebhookException forbidden(String message) {
        return new TwilioWebhookException(HttpStatus.FORBIDDEN, message);
    }

    static TwilioWebhookException badRequest(String message) {
        return new TwilioWebhookException(HttpStatus.BAD_REQUEST, message);
    }

    HttpStatus status() {
        return status;
    }
}
