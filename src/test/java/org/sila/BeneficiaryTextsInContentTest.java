package org.sila;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every text a person reads lives in {@code templates/} (staff wording: the console's {@code i18n/} bundle), so this
 * fails on Arabic words in Java code (comments aside). The allowed files are the analysers, whose Arabic is what
 * they recognise, not what they say, listed by name so that no new one slips in.
 */
class BeneficiaryTextsInContentTest {

    /**
     * Arabic they read, not write: letters folded, dialect and Arabizi mapped, keywords and replies recognised
     * (InboundMailMapper: the Arabic "forwarded" subject prefix).
     */
    static final Set<String> ANALYSERS = Set.of("bot/ArabicAnalysis.java", "bot/Lexicon.java",
            "survey/ScoreParser.java", "twilio/OptOutKeywords.java", "email/MailText.java",
            "email/OutboundMailComposer.java", "email/InboundMailMapper.java", "staff/PersonalData.java");

    @Test
    void noJavaCodeOutsideTheAnalysersSaysAnythingInArabic() throws IOException {
        Path root = Path.of("src/main/java/org/sila");
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String name = root.relativize(file).toString().replace('\\', '/');
                if (ANALYSERS.contains(name)) {
                    continue;
                }
                String[] lines = withoutComments(Files.readString(file)).split("\n");
                for (int i = 0; i < lines.length; i++) {
                    if (lines[i].codePoints().anyMatch(c -> Character.isLetter(c)
                            && Character.UnicodeScript.of(c) == Character.UnicodeScript.ARABIC)) {
                        found.add(name + ":" + (i + 1) + " " + lines[i].strip());
                    }
                }
            }
        }
        assertThat(found).as("Arabic words in Java code: move them to templates/").isEmpty();
    }

    /** The web chat widget a beneficiary reads takes its words from templates/ too (GET /api/webchat/texts). */
    @Test
    void theWebChatWidgetSaysNothingOfItsOwn() throws IOException {
        String widget = Files.readString(Path.of("src/main/resources/static/webchat/widget.js"));
        Matcher text = Pattern.compile("'([^'\\n]*)'").matcher(withoutComments(widget));
        List<String> sentences = new ArrayList<>();
        while (text.find()) {
            String literal = text.group(1);
            if (literal.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.ARABIC)
                    || literal.matches(".*\\p{Lu}\\p{Ll}+ \\p{L}+.*")) {
                sentences.add(literal);
            }
        }
        assertThat(sentences).as("words in widget.js: move them to templates/ (webchat.*)").isEmpty();
    }

    /**
     * The check above reads only Arabic; this one catches a beneficiary text in any language where text leaves for a
     * beneficiary: no sentence (two words or more) written as a literal into a reply, a button or an outbound message.
     */
    @Test
    void noReplyButtonOrOutboundMessageIsGivenAWrittenSentence() throws IOException {
        Path root = Path.of("src/main/java/org/sila");
        Pattern call = Pattern.compile("(Reply\\.fromBot|new Reply|new QuickReply|\\breply|conversations\\.answer"
                + "|new OutboundMessage)\\(");
        Pattern literal = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
        Pattern sentence = Pattern.compile("\\p{L}{2,}\\s+\\p{L}{2,}");
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = withoutComments(Files.readString(file));
                Matcher m = call.matcher(source);
                while (m.find()) {
                    String arguments = arguments(source, m.end());
                    Matcher text = literal.matcher(arguments);
                    while (text.find()) {
                        if (sentence.matcher(text.group()).find()) {
                            found.add(root.relativize(file) + ": " + m.group() + "… " + text.group());
                        }
                    }
                }
            }
        }
        assertThat(found).as("sentences written into replies: move them to templates/").isEmpty();
    }

    /** The arguments of the call whose opening parenthesis is just before {@code from}. */
    private static String arguments(String source, int from) {
        int depth = 1;
        int i = from;
        while (i < source.length() && depth > 0) {
            char c = source.charAt(i);
            if (c == '"') {
                i++;
                while (i < source.length() && source.charAt(i) != '"') {
                    i += source.charAt(i) == '\\' ? 2 : 1;
                }
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            }
            i++;
        }
        return source.substring(from, Math.min(i, source.length()));
    }

    /** The source with comments blanked (line breaks kept), string literals left as they are. */
    static String withoutComments(String source) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (c == '"' || c == '\'') {
                int end = i + 1;
                boolean block = source.startsWith("\"\"\"", i);
                if (block) {
                    end = source.indexOf("\"\"\"", i + 3) + 3;
                } else {
                    while (end < source.length() && source.charAt(end) != c) {
                        end += source.charAt(end) == '\\' ? 2 : 1;
                    }
                    end++;
                }
                out.append(source, i, end);
                i = end;
            } else if (source.startsWith("//", i)) {
                int end = source.indexOf('\n', i);
                i = end < 0 ? source.length() : end;
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2) + 2;
                source.substring(i, end).chars().filter(ch -> ch == '\n').forEach(ch -> out.append('\n'));
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
