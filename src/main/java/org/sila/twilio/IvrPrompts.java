package org.sila.twilio;

import com.twilio.twiml.voice.Say;

/** The phone menu's languages, Arabic first; English on key 9. The words are templates under {@code ivr.*}. */
enum IvrPrompts {

    AR(Say.Language.AR_XA), EN(Say.Language.EN_US);

    final Say.Language language;

    IvrPrompts(Say.Language language) {
        this.language = language;
    }

    String code() {
        return name().toLowerCase();
    }

    IvrPrompts other() {
        return this == AR ? EN : AR;
    }

    static IvrPrompts of(String code) {
        return "en".equalsIgnoreCase(code) ? EN : AR;
    }
}
