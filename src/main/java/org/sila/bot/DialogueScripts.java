package org.sila.bot;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.sila.association.ContentFiles;
import org.sila.casework.CaseType;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The intake dialogues as the editors wrote them: {@code templates/dialogues.yml}, with the association's
 * {@code templates/<id>/dialogues.yml} over it flow by flow. Checked when read, so a typo fails at start.
 */
final class DialogueScripts {

    static final String FILE = "dialogues.yml";
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();

    /** One dialogue: the intent that starts it, what it opens, its steps. */
    record Script(String flow, CaseType caseType, String intro, boolean attest, String done, Finish finish,
                  boolean listOwnCases, List<StepSpec> steps) {
        Script {
            finish = finish == null ? Finish.CASE : finish;
            steps = List.copyOf(steps);
        }
    }

    enum Finish { CASE, STATUS }

    /** One question: where its answer goes, how it is asked, checked and explained, and when it is skipped. */
    record StepSpec(String field, String ask, String check, String invalid, String why, List<String> options,
                    String optionTitles, Integer min, Integer max, String skip, SkipIf skipIf) {
        StepSpec {
            options = options == null ? List.of() : List.copyOf(options);
        }
    }

    /** Skip the step when an earlier answer has this value. */
    record SkipIf(String field, String equals) {
    }

    private DialogueScripts() {
    }

    /** The scripts by starting intent, in the file's order. */
    static Map<String, Script> load(Path contentRoot, String associationId) {
        Path folder = contentRoot.resolve("templates");
        Map<String, Object> data = ContentFiles.read(folder.resolve(FILE));
        if (data.isEmpty()) {
            throw new IllegalStateException("No intake dialogues at " + folder.resolve(FILE).toAbsolutePath());
        }
        if (!"default".equals(associationId)) {
            data = ContentFiles.merge(data, ContentFiles.read(folder.resolve(associationId).resolve(FILE)));
        }
        Map<String, Script> scripts = new LinkedHashMap<>();
        data.forEach((intent, spec) -> {
            Script script;
            try {
                script = JSON.convertValue(spec, Script.class);
            } catch (RuntimeException e) {
                throw new IllegalStateException("Dialogue " + intent + " in " + FILE + ": " + e.getMessage(), e);
            }
            for (StepSpec step : script.steps()) {
                if (!SlotChecks.NAMES.contains(step.check())) {
                    throw new IllegalStateException("Dialogue " + intent + ", step " + step.field()
                            + ": unknown check " + step.check() + " (known: " + SlotChecks.NAMES + ")");
                }
                if (step.skip() != null && !SKIP_RULES.contains(step.skip())) {
                    throw new IllegalStateException("Dialogue " + intent + ", step " + step.field()
                            + ": unknown skip rule " + step.skip());
                }
            }
            if (script.steps().isEmpty() || (script.finish() == Finish.CASE && script.caseType() == null)) {
                throw new IllegalStateException("Dialogue " + intent + " needs steps and a caseType");
            }
            scripts.put(intent, script);
        });
        return scripts;
    }

    static final List<String> SKIP_RULES = List.of("one-programme");

    static Optional<StepSpec> step(Script script, String field) {
        return script.steps().stream().filter(s -> s.field().equals(field)).findFirst();
    }
}
