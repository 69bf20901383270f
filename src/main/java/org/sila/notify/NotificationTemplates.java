package org.sila.notify;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import org.sila.casework.CaseStage;
import org.springframework.stereotype.Component;

/**
 * The few texts a beneficiary gets when their case moves, per language ({@code ar} first, {@code en}), one per
 * stage, from {@code notify/case-stage_<lang>.properties}. Kept apart on purpose: it moves onto the general
 * template system (the rules layer's {@code templates/}) when that lands.
 */
@Component
class NotificationTemplates {

    private final Map<String, Properties> byLanguage = Map.of("ar", load("ar"), "en", load("en"));

    /** The text for a move to {@code stage}, or empty when that stage is not told to beneficiaries. */
    Optional<String> render(CaseStage stage, String language, String reference, String reason) {
        Properties texts = byLanguage.getOrDefault(language == null ? "ar" : language, byLanguage.get("ar"));
        String template = texts.getProperty(stage.name());
        if (template == null) {
            return Optional.empty();
        }
        return Optional.of(template.replace("{reference}", reference)
                .replace("{reason}", reason == null ? "" : reason).strip());
    }

    private static Properties load(String language) {
        String path = "notify/case-stage_" + language + ".properties";
        try (InputStream in = NotificationTemplates.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Missing " + path);
            }
            Properties texts = new Properties();
            texts.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return texts;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
