package org.sila.telegram;

import java.util.ArrayList;
import java.util.List;

/** Telegram takes at most 4,096 characters a message: longer texts go as several, cut between words. */
final class TelegramText {

    static final int MAX_CHARS = 4096;

    private TelegramText() {
    }

    static List<String> split(String text, int max) {
        List<String> parts = new ArrayList<>();
        String rest = text.strip();
        while (rest.length() > max) {
            int cut = lastBreak(rest, max);
            parts.add(rest.substring(0, cut).stripTrailing());
            rest = rest.substring(cut).stripLeading();
        }
        if (!rest.isEmpty()) {
            parts.add(rest);
        }
        return parts;
    }

    /** The last whitespace within {@code max} (a line break preferred), else a cut that keeps surrogate pairs whole. */
    private static int lastBreak(String s, int max) {
        int newline = s.lastIndexOf('\n', max);
        if (newline > max / 2) {
            return newline;
        }
        for (int i = max; i > 0; i--) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return Character.isLowSurrogate(s.charAt(max)) ? max - 1 : max;
    }
}
