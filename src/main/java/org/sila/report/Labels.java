package org.sila.report;

import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The report's wording: table titles and columns, the names of channels, case types and the bot's verdicts, score
 * words and the mail's lines. They come from the console's message bundle ({@code i18n/console.properties}, where
 * the console names channels and case types too), in Arabic: the association's report is written in Arabic.
 */
final class Labels {

    private static final ResourceBundle BUNDLE = ResourceBundle.getBundle("i18n/console", Locale.ROOT,
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));

    private Labels() {
    }

    /** The name of a channel, a case type or a verdict; the key itself when the bundle does not name it. */
    static String of(String key) {
        for (String prefix : List.of("channel.", "type.", "reports.label.")) {
            if (BUNDLE.containsKey(prefix + key)) {
                return BUNDLE.getString(prefix + key);
            }
        }
        return key;
    }

    /** The word for a satisfaction score (1 to 5). */
    static String score(int score) {
        return text("reports.score." + score);
    }

    static String title(String table) {
        return text("reports." + table + ".title");
    }

    static List<String> columns(String table) {
        return List.of(text("reports." + table + ".columns").split("\\|"));
    }

    /** The text {@code key}, its {@code {0}}, {@code {1}} ... filled. A missing key is a programming error. */
    static String text(String key, Object... values) {
        try {
            String text = BUNDLE.getString(key);
            return values.length == 0 ? text : new MessageFormat(text, Locale.ROOT).format(values);
        } catch (MissingResourceException e) {
            throw new IllegalArgumentException("No report text " + key, e);
        }
    }
}
