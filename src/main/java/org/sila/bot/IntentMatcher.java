package org.sila.bot;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.Yaml;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;

/**
 * Matches a beneficiary's question to an intent of the knowledge base ({@code templates/faq/intents.yml}).
 * Two views of the question, both over the words and character 3-grams made by {@link ArabicAnalysis}:
 * <ul>
 * <li>nearness: Lucene (BM25) finds the nearest examples, each scored by TF-IDF cosine similarity, blended with the
 * similarity to the intent's centroid. Words the knowledge base has never seen weigh in the question's norm, so a
 * question about something else scores low;</li>
 * <li>a logistic-regression model (LIBLINEAR) trained on the examples before the first question, which learns which
 * words tell one intent from its neighbours ("رقمكم" against "رقمي").</li>
 * </ul>
 * An intent's confidence, in [0, 1], is mostly the model's probability, scaled down when the question is far from
 * the intent's examples or made of words the knowledge base does not know (the model cannot see those), and blended
 * with nearness.
 */
public final class IntentMatcher {

    /** The knowledge base's pseudo-intent for questions the association does not deal with. */
    public static final String OUT_OF_SCOPE = "out-of-scope";
    // The weights and thresholds below were chosen by IntentMatchingBench on the knowledge base with ten-fold
    // cross-validation (not on the labelled test sets): most answered right with at most 2% answered wrongly and
    // 90% of out-of-scope rejected.
    /** At or above: the bot answers. */
    public static final double ANSWER_THRESHOLD = 0.3375;
    /** The question is out of scope when that pseudo-intent scores at least this share of the best intent's. */
    public static final double OUT_OF_SCOPE_RATIO = 0.85;
    /** At or above (when not answering): the bot offers its best guesses ("هل تقصد…؟"). */
    public static final double OFFER_THRESHOLD = 0.20;
    private static final int CANDIDATES = 30;
    private static final double WORDS_WEIGHT = 0.55;
    /** Nearness of an intent: its nearest example, blended with the centroid of all its examples. */
    private static final double EXAMPLE_WEIGHT = 0.6;
    /** The model's share of the confidence; the rest is nearness. */
    private static final double MODEL_WEIGHT = 0.8;
    /** Nearness at which the model's probability counts in full: below, it is scaled down. */
    private static final double NEAR_ENOUGH = 0.2;
    /** LIBLINEAR's C: little regularisation, as the examples are few and chosen. */
    private static final double MODEL_C = 100;

    private static final Logger LOG = LoggerFactory.getLogger(IntentMatcher.class);

    static {
        Linear.disableDebugOutput();
    }

    private final ArabicAnalysis analysis;
    private final Map<String, Intent> intents;
    /** The index and the model: built once, on the first question or by {@link #trainInBackground()}. */
    private final FutureTask<Trained> training;
    private final AtomicBoolean started = new AtomicBoolean();

    /** An intent of the knowledge base: what to do with it, and its examples per group (msa, gulf, en ...). */
    public record Intent(String id, String action, Map<String, List<String>> examples) {
    }

    /** One intent with its confidence. */
    public record Candidate(String intent, double confidence) {
    }

    /** What the matcher makes of a question. */
    public enum Kind { MATCHED, UNSURE, OUT_OF_SCOPE, UNKNOWN }

    /**
     * @param intent     the best in-scope intent (null when none)
     * @param confidence its confidence
     * @param guesses    for {@code UNSURE}: up to three in-scope intents to offer, best first; for
     *                   {@code OUT_OF_SCOPE}: up to two near enough to offer beside the refusal
     */
    public record Decision(Kind kind, String intent, double confidence, List<Candidate> guesses) {
    }

    /** {@code compared}: the same vectors as matching compares them (the maps train the model). */
    private record Example(String intent, String text, Map<String, Double> words, double wordsNorm,
                           Map<String, Double> grams, double gramsNorm, Compared compared) {
    }

    /** An example's or an intent centroid's vectors by term number, with their norms: what a question is compared with. */
    private record Compared(Terms words, double wordsNorm, Terms grams, double gramsNorm) {
        static Compared of(Map<String, Double> words, Map<String, Double> grams, Map<String, Integer> wordNumbers,
                           Map<String, Integer> gramNumbers) {
            return new Compared(Terms.of(words, wordNumbers), norm(words), Terms.of(grams, gramNumbers), norm(grams));
        }
    }

    /**
     * A vector of an example or a centroid by term number: matching takes its dot product with every candidate's, and
     * walking arrays costs a fraction of looking each term up by its text.
     */
    private record Terms(int[] ids, double[] weights) {
        static Terms of(Map<String, Double> v, Map<String, Integer> numbers) {
            int[] ids = new int[v.size()];
            double[] weights = new double[v.size()];
            int i = 0;
            for (var e : v.entrySet()) {
                ids[i] = numbers.get(e.getKey());
                weights[i++] = e.getValue();
            }
            return new Terms(ids, weights);
        }

        double dot(double[] dense) {
            double dot = 0;
            for (int i = 0; i < ids.length; i++) {
                dot += weights[i] * dense[ids[i]];
            }
            return dot;
        }
    }

    /** A question's vectors laid out by term number (terms the knowledge base lacks weigh in its norms only). */
    private record Query(double[] words, double wordsNorm, double[] grams, double gramsNorm) {
    }

    private IntentMatcher(ArabicAnalysis analysis, Map<String, Intent> intents) {
        this.analysis = analysis;
        this.intents = intents;
        this.training = new FutureTask<>(() -> new Trained(analysis, intents));
    }

    /**
     * Builds the index and trains the model on a thread of its own, so the hub answers its health check before the
     * bot can answer questions (a few seconds of a cold start); a question asked meanwhile waits for it. Once only.
     */
    public void trainInBackground() {
        if (started.compareAndSet(false, true)) {
            Thread thread = new Thread(() -> {
                long start = System.nanoTime();
                training.run();
                try {
                    training.get();
                    LOG.debug("Intent model trained in {} ms", (System.nanoTime() - start) / 1_000_000);
                } catch (ExecutionException | InterruptedException e) {
                    LOG.error("The intent model could not be trained: the bot cannot answer", e.getCause());
                }
            }, "intent-model");
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** The trained state, trained here if no thread has started it, else once that thread has finished. */
    private Trained trained() {
        started.set(true);
        training.run(); // a no-op once started elsewhere
        try {
            return training.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("The intent model could not be trained", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while the intent model was being trained", e);
        }
    }

    /** The knowledge base and word maps under {@code contentRoot}/templates/faq. */
    public static IntentMatcher load(Path contentRoot) {
        Path folder = contentRoot.resolve("templates").resolve("faq");
        return new IntentMatcher(ArabicAnalysis.load(folder), readIntents(folder.resolve("intents.yml")));
    }

    /** This knowledge base less the examples in {@code heldOut}: for evaluating it on examples it has not seen. */
    public IntentMatcher without(java.util.Set<String> heldOut) {
        Map<String, Intent> kept = new LinkedHashMap<>();
        intents.forEach((id, intent) -> {
            Map<String, List<String>> groups = new LinkedHashMap<>();
            intent.examples().forEach((group, list) ->
                    groups.put(group, list.stream().filter(t -> !heldOut.contains(t)).toList()));
            kept.put(id, new Intent(id, intent.action(), groups));
        });
        return new IntentMatcher(analysis, kept);
    }

    public Map<String, Intent> intents() {
        return intents;
    }

    /** Folded, dialect- and Arabizi-mapped words of {@code text}, unstemmed. */
    public String normalise(String text) {
        return analysis.normalise(text);
    }

    /** {@code text} with its spelling folded (hamzas, ة/ه, ى/ي, diacritics, digits, case) but its words as written. */
    public String fold(String text) {
        return String.join(" ", ArabicAnalysis.tokens(analysis.folded, text));
    }

    /** Whether {@code text} looks like Arabizi (Arabic written in Latin letters and digits). */
    public boolean isArabizi(String text) {
        for (String token : text.toLowerCase(java.util.Locale.ROOT).split("[^a-z0-9]+")) {
            if (!token.isEmpty() && analysis.lexicon.isArabiziWord(token)) {
                return true;
            }
        }
        return false;
    }

    /** The blend of the words' and the grams' cosine similarity between a question and an example or a centroid. */
    private static double similarity(Query q, Compared d) {
        return WORDS_WEIGHT * cosine(d.words().dot(q.words()), q.wordsNorm(), d.wordsNorm())
                + (1 - WORDS_WEIGHT) * cosine(d.grams().dot(q.grams()), q.gramsNorm(), d.gramsNorm());
    }

    private static double cosine(double dot, double qNorm, double dNorm) {
        return qNorm == 0 || dNorm == 0 ? 0 : dot / (qNorm * dNorm);
    }

    /** Intents by confidence, best first (out-of-scope included); empty when nothing in the question is known. */
    public List<Candidate> match(String text) {
        return trained().match(text);
    }

    /** The matcher's verdict on {@code text} with the thresholds above. */
    public Decision decide(String text) {
        return decide(match(text), ANSWER_THRESHOLD, OUT_OF_SCOPE_RATIO);
    }

    /** The verdict with other thresholds: for choosing them by cross-validation on the knowledge base. */
    public static Decision decide(List<Candidate> ranked, double answer, double outOfScopeRatio) {
        List<Candidate> inScope = ranked.stream().filter(c -> !OUT_OF_SCOPE.equals(c.intent())).toList();
        Candidate top = inScope.isEmpty() ? null : inScope.get(0);
        double confidence = top == null ? 0 : top.confidence();
        String intent = top == null ? null : top.intent();
        double outOfScope = ranked.stream().filter(c -> OUT_OF_SCOPE.equals(c.intent()))
                .mapToDouble(Candidate::confidence).findFirst().orElse(0);
        if (outOfScope >= OFFER_THRESHOLD && outOfScope >= outOfScopeRatio * confidence) {
            // Near the association's business ("رقم جوالي تغير"), the polite refusal still offers the nearest topics.
            return new Decision(Kind.OUT_OF_SCOPE, intent, confidence, inScope.stream()
                    .filter(c -> c.confidence() >= OFFER_THRESHOLD).limit(2).toList());
        }
        if (confidence >= answer) {
            return new Decision(Kind.MATCHED, intent, confidence, List.of());
        }
        if (confidence >= OFFER_THRESHOLD) {
            return new Decision(Kind.UNSURE, intent, confidence, inScope.stream().limit(3).toList());
        }
        return new Decision(Kind.UNKNOWN, intent, confidence, List.of());
    }

    private static void addUnit(Map<String, Double> sum, Map<String, Double> v, double norm) {
        if (norm > 0) {
            v.forEach((t, w) -> sum.merge(t, w / norm, Double::sum));
        }
    }

    private static double norm(Map<String, Double> v) {
        double s = 0;
        for (double x : v.values()) {
            s += x * x;
        }
        return Math.sqrt(s);
    }


    @SuppressWarnings("unchecked")
    private static Map<String, Intent> readIntents(Path file) {
        Map<String, Intent> intents = new LinkedHashMap<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Map<String, Object> data = new Yaml().load(reader);
            data.forEach((id, value) -> {
                Map<String, Object> spec = (Map<String, Object>) value;
                Map<String, List<String>> groups = new LinkedHashMap<>();
                ((Map<String, Object>) spec.getOrDefault("examples", Map.of())).forEach((group, list) ->
                        groups.put(group, ((List<Object>) list).stream().map(String::valueOf).toList()));
                intents.put(id, new Intent(id, String.valueOf(spec.getOrDefault("action", "answer")), groups));
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return intents;
    }

    /** The knowledge base as the matcher searches it: the examples' vectors, their Lucene index, the model. */
    private static final class Trained {
        private final ArabicAnalysis analysis;
        private final List<Example> examples = new ArrayList<>();
        private final Map<String, Integer> wordDf = new HashMap<>();
        private final Map<String, Integer> gramDf = new HashMap<>();
        private final IndexSearcher searcher;
        private final Map<String, Integer> wordNumbers = new HashMap<>();
        private final Map<String, Integer> gramNumbers = new HashMap<>();
        private final Map<String, Compared> centroids = new HashMap<>();
        private final int docCount;
        private final int[] docToExample;
        private final Map<String, Integer> featureIds = new HashMap<>();
        private final Model model;
        private final String[] modelIntents;

        Trained(ArabicAnalysis analysis, Map<String, Intent> intents) {
            this.analysis = analysis;
            List<Map.Entry<String, String>> all = new ArrayList<>();
            intents.values().forEach(i -> i.examples().values().forEach(list -> list.forEach(
                    text -> all.add(Map.entry(i.id(), text)))));
            this.docCount = all.size();
            List<List<String>> wordLists = new ArrayList<>();
            List<List<String>> gramLists = new ArrayList<>();
            for (var e : all) {
                List<String> w = ArabicAnalysis.tokens(analysis.words, e.getValue());
                List<String> g = ArabicAnalysis.tokens(analysis.grams, e.getValue());
                wordLists.add(w);
                gramLists.add(g);
                w.stream().distinct().forEach(t -> wordDf.merge(t, 1, Integer::sum));
                g.stream().distinct().forEach(t -> gramDf.merge(t, 1, Integer::sum));
            }
            wordDf.keySet().forEach(t -> wordNumbers.put(t, wordNumbers.size()));
            gramDf.keySet().forEach(t -> gramNumbers.put(t, gramNumbers.size()));
            var directory = new ByteBuffersDirectory();
            try (var writer = new IndexWriter(directory, new IndexWriterConfig(new PerFieldAnalysis(analysis)))) {
                for (int i = 0; i < all.size(); i++) {
                    var vw = vector(wordLists.get(i), wordDf);
                    var vg = vector(gramLists.get(i), gramDf);
                    examples.add(new Example(all.get(i).getKey(), all.get(i).getValue(), vw, norm(vw), vg, norm(vg),
                            Compared.of(vw, vg, wordNumbers, gramNumbers)));
                    Document doc = new Document();
                    doc.add(new StoredField("n", i));
                    doc.add(new TextField("words", all.get(i).getValue(), Field.Store.NO));
                    doc.add(new TextField("grams", all.get(i).getValue(), Field.Store.NO));
                    writer.addDocument(doc);
                }
                Map<String, Map<String, Double>> centroidWords = new HashMap<>();
                Map<String, Map<String, Double>> centroidGrams = new HashMap<>();
                for (Example e : examples) {
                    addUnit(centroidWords.computeIfAbsent(e.intent(), k -> new HashMap<>()), e.words(), e.wordsNorm());
                    addUnit(centroidGrams.computeIfAbsent(e.intent(), k -> new HashMap<>()), e.grams(), e.gramsNorm());
                }
                centroidWords.forEach((intent, cw) -> centroids.put(intent,
                        Compared.of(cw, centroidGrams.get(intent), wordNumbers, gramNumbers)));
                writer.commit();
                searcher = new IndexSearcher(DirectoryReader.open(directory));
                // Stored fields are slow to read per hit: map Lucene doc ids to examples once.
                docToExample = new int[searcher.getIndexReader().maxDoc()];
                var stored = searcher.storedFields();
                for (int doc = 0; doc < docToExample.length; doc++) {
                    docToExample[doc] = stored.document(doc).getField("n").numericValue().intValue();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            modelIntents = examples.stream().map(Example::intent).distinct().toArray(String[]::new);
            model = train();
        }

        List<Candidate> match(String text) {
            List<String> words = ArabicAnalysis.tokens(analysis.words, text);
            List<String> grams = ArabicAnalysis.tokens(analysis.grams, text);
            if (words.isEmpty()) {
                return List.of();
            }
            var qWords = vector(words, wordDf);
            var qGrams = vector(grams, gramDf);
            double qwNorm = norm(qWords);
            double qgNorm = norm(qGrams);
            BooleanQuery.Builder query = new BooleanQuery.Builder();
            qWords.keySet().stream().limit(32).forEach(t ->
                    query.add(new TermQuery(new Term("words", t)), BooleanClause.Occur.SHOULD));
            qGrams.keySet().stream().limit(64).forEach(t -> query.add(
                    new BoostQuery(new TermQuery(new Term("grams", t)), 0.3f), BooleanClause.Occur.SHOULD));
            var q = new Query(dense(qWords, wordNumbers), qwNorm, dense(qGrams, gramNumbers), qgNorm);
            Map<String, Double> best = new HashMap<>();
            try {
                for (ScoreDoc hit : searcher.search(query.build(), CANDIDATES).scoreDocs) {
                    Example e = examples.get(docToExample[hit.doc]);
                    best.merge(e.intent(), similarity(q, e.compared()), Math::max);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // The share of the question (by weight) made of words the knowledge base knows: the model cannot see the
            // rest.
            double known = 0;
            for (var e : qWords.entrySet()) {
                known += wordDf.containsKey(e.getKey()) ? e.getValue() * e.getValue() : 0;
            }
            double coverage = Math.sqrt(known) / qwNorm;
            double[] probability = new double[modelIntents.length];
            Linear.predictProbability(model, features(qWords, qwNorm, qGrams, qgNorm), probability);
            List<Candidate> ranked = new ArrayList<>();
            for (int k = 0; k < modelIntents.length; k++) {
                String intent = modelIntents[model.getLabels()[k]]; // LIBLINEAR orders classes its own way
                double centroid = similarity(q, centroids.get(intent));
                double nearness = EXAMPLE_WEIGHT * best.getOrDefault(intent, 0.0) + (1 - EXAMPLE_WEIGHT) * centroid;
                double score = MODEL_WEIGHT * probability[k] * coverage * Math.min(1, nearness / NEAR_ENOUGH)
                        + (1 - MODEL_WEIGHT) * nearness;
                if (nearness > 0) {
                    ranked.add(new Candidate(intent, score));
                }
            }
            ranked.sort(Comparator.comparingDouble(Candidate::confidence).reversed());
            return ranked;
        }

        private Model train() {
            Problem problem = new Problem();
            problem.l = examples.size();
            problem.x = new Feature[examples.size()][];
            problem.y = new double[examples.size()];
            List<String> labels = List.of(modelIntents);
            for (Example e : examples) {
                e.words().keySet().forEach(t -> featureIds.computeIfAbsent("w" + t, k -> featureIds.size() + 1));
                e.grams().keySet().forEach(t -> featureIds.computeIfAbsent("g" + t, k -> featureIds.size() + 1));
            }
            problem.n = featureIds.size() + 1;
            problem.bias = 1;
            for (int i = 0; i < examples.size(); i++) {
                Example e = examples.get(i);
                problem.x[i] = features(e.words(), e.wordsNorm(), e.grams(), e.gramsNorm());
                problem.y[i] = labels.indexOf(e.intent());
            }
            return Linear.train(problem, new Parameter(SolverType.L2R_LR, MODEL_C, 0.01));
        }

        /** The question as the model sees it: both unit vectors, weighted, known terms only, and the bias. */
        private Feature[] features(Map<String, Double> w, double wNorm, Map<String, Double> g, double gNorm) {
            List<FeatureNode> nodes = new ArrayList<>();
            addFeatures(nodes, "w", w, wNorm, Math.sqrt(WORDS_WEIGHT));
            addFeatures(nodes, "g", g, gNorm, Math.sqrt(1 - WORDS_WEIGHT));
            nodes.sort(Comparator.comparingInt(FeatureNode::getIndex));
            nodes.add(new FeatureNode(featureIds.size() + 1, 1));
            return nodes.toArray(Feature[]::new);
        }

        private void addFeatures(List<FeatureNode> nodes, String view, Map<String, Double> v, double norm,
                                 double weight) {
            if (norm == 0) {
                return;
            }
            v.forEach((t, x) -> {
                Integer id = featureIds.get(view + t);
                if (id != null) {
                    nodes.add(new FeatureNode(id, weight * x / norm));
                }
            });
        }

        private static double[] dense(Map<String, Double> v, Map<String, Integer> numbers) {
            double[] dense = new double[numbers.size()];
            v.forEach((t, w) -> {
                Integer n = numbers.get(t);
                if (n != null) {
                    dense[n] = w;
                }
            });
            return dense;
        }

        private Map<String, Double> vector(List<String> tokens, Map<String, Integer> df) {
            Map<String, Double> v = new LinkedHashMap<>();
            for (String t : tokens) {
                v.merge(t, 1.0, Double::sum);
            }
            v.replaceAll((t, tf) ->
                    (1 + Math.log(tf)) * (Math.log((docCount + 1.0) / (df.getOrDefault(t, 0) + 1)) + 1));
            return v;
        }
    }

    /** Index-time analysis per field. */
    private static final class PerFieldAnalysis extends org.apache.lucene.analysis.DelegatingAnalyzerWrapper {
        private final ArabicAnalysis analysis;

        PerFieldAnalysis(ArabicAnalysis analysis) {
            super(PER_FIELD_REUSE_STRATEGY);
            this.analysis = analysis;
        }

        @Override
        protected org.apache.lucene.analysis.Analyzer getWrappedAnalyzer(String fieldName) {
            return "grams".equals(fieldName) ? analysis.grams : analysis.words;
        }
    }
}
