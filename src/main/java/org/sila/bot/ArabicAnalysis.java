package org.sila.bot;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.ar.ArabicNormalizationFilter;
import org.apache.lucene.analysis.ar.ArabicStemFilter;
import org.apache.lucene.analysis.charfilter.MappingCharFilter;
import org.apache.lucene.analysis.charfilter.NormalizeCharMap;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.icu.ICUFoldingFilter;
import org.apache.lucene.analysis.ngram.NGramTokenFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * The hub's Arabic-first analysis, in Lucene. ICU folding does case, diacritics (harakat), tatweel-free forms,
 * presentation forms, ؤ→و, ئ→ي, Farsi ی/ک and Arabic-Indic digits; Lucene's Arabic normaliser does أ إ آ→ا,
 * ى→ي, ة→ه; a char map adds the two it leaves (ٱ→ا, a lone ء dropped). Then Arabizi words become Arabic and
 * dialect words MSA (both from the editors' files), and two views are made: light-stemmed words (Arabic, less
 * the dialect verb affixes, and Porter-stemmed English), and character 3-grams that survive typos.
 */
final class ArabicAnalysis {

    private static final NormalizeCharMap RESIDUAL;

    static {
        var map = new NormalizeCharMap.Builder();
        map.add("ٱ", "ا");
        map.add("ء", "");
        RESIDUAL = map.build();
    }

    final Analyzer words;
    final Analyzer grams;
    final Analyzer normalised;
    /** Spelling folded, words as written: no dialect or Arabizi map. */
    final Analyzer folded;
    final Lexicon lexicon;

    private ArabicAnalysis(Lexicon lexicon, Analyzer folded) {
        this.folded = folded;
        this.lexicon = lexicon;
        this.words = analyzer(s -> new PorterStemFilter(new VerbAffixFilter(new ArabicStemFilter(s))));
        this.grams = analyzer(s -> new NGramTokenFilter(s, 3, 3, true));
        this.normalised = analyzer(s -> s);
    }

    static ArabicAnalysis load(java.nio.file.Path faqFolder) {
        Analyzer folded = new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String field) {
                var tokenizer = new StandardTokenizer();
                return new TokenStreamComponents(tokenizer, new ArabicNormalizationFilter(new ICUFoldingFilter(tokenizer)));
            }

            @Override
            protected Reader initReader(String field, Reader reader) {
                return new MappingCharFilter(RESIDUAL, reader);
            }
        };
        Lexicon lexicon = Lexicon.load(faqFolder, text -> String.join(" ", tokens(folded, text)));
        return new ArabicAnalysis(lexicon, folded);
    }

    /** Folded, mapped, unstemmed words: what a dialogue compares answers ("نعم", "الغاء") with. */
    String normalise(String text) {
        return String.join(" ", tokens(normalised, text));
    }

    static List<String> tokens(Analyzer analyzer, String text) {
        List<String> out = new ArrayList<>();
        try (TokenStream ts = analyzer.tokenStream("f", text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(term.toString());
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private Analyzer analyzer(Function<TokenStream, TokenStream> view) {
        return new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String field) {
                var tokenizer = new StandardTokenizer();
                return new TokenStreamComponents(tokenizer, view.apply(base(tokenizer)));
            }

            @Override
            protected Reader initReader(String field, Reader reader) {
                return new MappingCharFilter(RESIDUAL, reader);
            }
        };
    }

    private TokenStream base(TokenStream tokenizer) {
        TokenStream s = new ICUFoldingFilter(tokenizer);
        s = new ReplacingFilter(s, token -> {
            String arabic = lexicon.arabizi(token);
            return arabic == null ? null : new String[] {arabic};
        });
        s = new ArabicNormalizationFilter(s);
        return new ReplacingFilter(s, lexicon::dialect);
    }

    /** Replaces a token by the words a map gives for it (none: the token stays). */
    private static final class ReplacingFilter extends TokenFilter {
        private final Function<String, String[]> replacement;
        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
        private final Deque<String> pending = new ArrayDeque<>();

        ReplacingFilter(TokenStream input, Function<String, String[]> replacement) {
            super(input);
            this.replacement = replacement;
        }

        @Override
        public boolean incrementToken() throws IOException {
            if (!pending.isEmpty()) {
                term.setEmpty().append(pending.poll());
                return true;
            }
            if (!input.incrementToken()) {
                return false;
            }
            String[] words = replacement.apply(term.toString());
            if (words != null && words.length > 0) {
                term.setEmpty().append(words[0]);
                for (int i = 1; i < words.length; i++) {
                    pending.add(words[i]);
                }
            }
            return true;
        }

        @Override
        public void reset() throws IOException {
            super.reset();
            pending.clear();
        }
    }

    /**
     * Dialect verbs the light stemmer leaves: the person prefixes (ا ت ن ي: اسجل، نسجل، تسجل، يسجل) and the
     * plural ending وا of Libyan and Gulf verbs (تردوا، تسكروا). Stripped on both sides, so "نبي نسجل" meets "اريد
     * اسجل"; a stem keeps at least three letters.
     */
    private static final class VerbAffixFilter extends TokenFilter {
        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);

        VerbAffixFilter(TokenStream input) {
            super(input);
        }

        @Override
        public boolean incrementToken() throws IOException {
            if (!input.incrementToken()) {
                return false;
            }
            char[] b = term.buffer();
            int start = 0;
            int end = term.length();
            if (end == 0 || b[0] < '\u0600' || b[0] > '\u06FF') {
                return true;
            }
            if (end >= 5 && b[end - 2] == 'و' && b[end - 1] == 'ا') {
                end -= 2;
            }
            for (int i = 0; i < 2 && end - start > 3 && "اتني".indexOf(b[start]) >= 0; i++) {
                start++;
            }
            String stem = new String(b, start, end - start);
            term.setEmpty().append(stem);
            return true;
        }
    }
}
