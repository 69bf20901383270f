package org.sila.bot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sila.association.Templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The dialogues as editors write them: every profile's load, name only known checks and existing templates. */
class DialogueScriptsTest {

    static final Path ROOT = Path.of(".");

    @ParameterizedTest
    @ValueSource(strings = {"default", "modreka", "al-awn", "durbah", "natiq", "herfa"})
    void everyProfilesDialoguesLoadAndAskWithExistingTemplates(String id) {
        var scripts = DialogueScripts.load(ROOT, id);
        assertThat(scripts).containsKeys("apply-support", "complaint", "request-status");
        var texts = Templates.load(ROOT, id).get(org.sila.association.Language.AR);
        scripts.forEach((intent, script) -> {
            Stream.of(script.intro(), script.done()).filter(k -> k != null)
                    .forEach(k -> assertThat(texts).as(intent).containsKey(k));
            script.steps().forEach(step -> {
                assertThat(texts).as("%s %s", intent, step.field()).containsKey(step.ask());
                Stream.of(step.invalid(), step.why()).filter(k -> k != null)
                        .forEach(k -> assertThat(texts).as("%s %s", intent, step.field()).containsKey(k));
                step.options().forEach(o -> assertThat(texts).containsKey(step.optionTitles() + o));
                if (script.attest()) {
                    assertThat(texts).containsKey("field." + step.field());
                }
            });
        });
    }

    @Test
    void anAssociationDropsAStepWithoutABuild(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("templates/lean"));
        Files.copy(ROOT.resolve("templates/dialogues.yml"), root.resolve("templates/dialogues.yml"));
        Files.writeString(root.resolve("templates/lean/dialogues.yml"), """
                volunteer:
                  steps:
                    - {field: name, ask: volunteer.ask.name, check: name, invalid: apply.invalid.name}
                    - {field: phone, ask: volunteer.ask.phone, check: phone, invalid: apply.invalid.phone}
                """);
        var volunteer = DialogueScripts.load(root, "lean").get("volunteer");
        assertThat(volunteer.steps()).extracting(DialogueScripts.StepSpec::field).containsExactly("name", "phone");
        assertThat(volunteer.done()).isEqualTo("volunteer.done"); // the rest of the flow from the defaults
    }

    @Test
    void anUnknownCheckFailsAtStart(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("templates"));
        Files.writeString(root.resolve("templates/dialogues.yml"), """
                suggestion:
                  flow: suggestion
                  caseType: SUGGESTION
                  steps:
                    - {field: text, ask: suggestion.ask.text, check: free-text}
                """);
        assertThatThrownBy(() -> DialogueScripts.load(root, "default")).hasMessageContaining("unknown check free-text");
    }
}
