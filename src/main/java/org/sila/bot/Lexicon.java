package org.sila.bot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The editors' word maps: dialect words to MSA ({@code dialect.txt}) and Arabizi to Arabic ({@code arabizi.txt}:
 * whole words, then a letter map for the rest). Lines are {@code source = replacement}; {@code #} starts a comment.
 */
final class Lexicon {

    private final Map<String, String[]> dialect;
    private final Map<String, String> arabiziWords;
    private final List<Map.Entry<String, String>> arabiziLetters;

    private Lexicon(Map<String, String[]> dialect, Map<String, String> arabiziWords,
                    List<Map.Entry<String, String>> arabiziLetters) {
        this.dialect = dialect;
        this.arabiziWords = arabiziWords;
        this.arabiziLetters = arabiziLetters;
    }

    /** Reads both files; {@code normalise} folds a dialect key the way the analyzer folds tokens. */
    static Lexicon load(Path folder, Function<String, String> normalise) {
        Map<String, String[]> dialect = new HashMap<>();
        lines(folder.resolve("dialect.txt")).forEach((from, to) ->
                dialect.put(normalise.apply(from), normalise.apply(to).split(" ")));
        Map<String, String> words = new HashMap<>();
        List<Map.Entry<String, String>> letters = new ArrayList<>();
        lines(folder.resolve("arabizi.txt")).forEach((from, to) -> {
            if (from.startsWith("@")) {
                letters.add(Map.entry(from.substring(1), to));
            } else {
                words.put(from.toLowerCase(Locale.ROOT), to);
            }
        });
        letters.sort((a, b) -> b.getKey().length() - a.getKey().length());
        return new Lexicon(dialect, words, letters);
    }

    String[] dialect(String token) {
        return dialect.get(token);
    }

    /** Arabic for an Arabizi token, or null when the token reads as English. */
    String arabizi(String token) {
        String word = arabiziWords.get(token);
        if (word != null) {
            return word;
        }
        if (!isArabizi(token)) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < token.length()) {
            boolean matched = false;
            for (Map.Entry<String, String> letter : arabiziLetters) {
                if (token.startsWith(letter.getKey(), i)) {
                    boolean vowel = "aeiou".contains(letter.getKey());
                    // Short vowels inside a word are not written in Arabic; a word-initial one is an alef.
                    if (!vowel || i == 0 || (i > 0 && token.charAt(i - 1) == token.charAt(i))) {
                        out.append(i == 0 && vowel ? "ا" : letter.getValue());
                    } else if (letter.getKey().equals("i") || letter.getKey().equals("o")
                            || letter.getKey().equals("u")) {
                        out.append(letter.getValue());
                    }
                    i += letter.getKey().length();
                    matched = true;
                    break;
                }
            }
            if (!matched) {
                out.append(token.charAt(i++));
            }
        }
        return out.toString();
    }

    /** Latin letters mixed with the digits Arabizi uses for Arabic sounds (3 ع, 7 ح, 5 خ, 2 ء, 9 ق ...). */
    static boolean isArabizi(String token) {
        boolean letter = false;
        boolean digit = false;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            letter |= c >= 'a' && c <= 'z';
            digit |= "235679".indexOf(c) >= 0;
        }
        return letter && digit;
    }

    boolean isArabiziWord(String token) {
        return arabiziWords.containsKey(token) || isArabizi(token);
    }

    private static Map<String, String> lines(Path file) {
        Map<String, String> entries = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String trimmed = line.strip();
                int eq = trimmed.indexOf('=');
                if (trimmed.isEmpty() || trimmed.startsWith("#") || eq <= 0) {
                    continue;
                }
                entries.put(trimmed.substring(0, eq).strip(), trimmed.substring(eq + 1).strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }
}
