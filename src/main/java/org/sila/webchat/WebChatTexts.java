package org.sila.webchat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.sila.association.Language;
import org.sila.association.Templates;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The widget's own words (its title, the send button, its notes), in every language, from {@code templates/} like
 * every text a beneficiary reads: an association changes them there, not in the script.
 */
@RestController
class WebChatTexts {

    private static final List<String> KEYS = List.of("title", "placeholder", "send", "language", "error", "slow");

    private final Templates templates;

    WebChatTexts(Templates templates) {
        this.templates = templates;
    }

    @GetMapping("/api/webchat/texts")
    ResponseEntity<Map<String, Map<String, String>>> texts() {
        Map<String, Map<String, String>> byLanguage = new LinkedHashMap<>();
        for (Language language : Language.values()) {
            Map<String, String> texts = new LinkedHashMap<>();
            KEYS.forEach(key -> texts.put(key, templates.text("webchat." + key, language)));
            byLanguage.put(language.code(), texts);
        }
        return ResponseEntity.ok().cacheControl(CacheControl.noCache()).body(byLanguage);
    }
}
