package org.sila.association;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The jar's own content: the hub starts from any folder, and a content root overrides only the files it holds. */
class ContentRootTest {

    @Test
    void theProjectFolderIsUsedAsItIs() {
        assertThat(ContentRoot.assemble(Path.of("."))).isEqualTo(Path.of("."));
    }

    @Test
    void anEmptyFolderGetsEveryDefaultFromTheClasspath(@TempDir Path elsewhere) {
        Path content = ContentRoot.assemble(elsewhere);
        assertThat(content.resolve("templates/faq/intents.yml")).exists();
        assertThat(content.resolve("templates/dialogues.yml")).exists();
        AssociationProfile modreka = AssociationProfiles.load(content, "modreka");
        assertThat(modreka.timeZone().getId()).isEqualTo("Africa/Tripoli");
        assertThat(new Templates(content, modreka).text("apply.ask.nationalId", Language.AR)).contains("12");
    }

    @Test
    void aContentRootOverridesOnlyTheFilesItHolds(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("templates/durbah"));
        Files.writeString(root.resolve("templates/durbah/ar.yml"), "handoff:\n  now: \"سيرد عليك فريق دربة.\"\n");
        Files.createDirectories(root.resolve("associations"));
        Files.writeString(root.resolve("associations/hope.yml"), """
                id: hope
                name: {ar: "جمعية الأمل", en: "Hope"}
                timeZone: Asia/Amman
                """);
        Path content = ContentRoot.assemble(root);
        var durbah = new Templates(content, AssociationProfiles.load(content, "durbah"));
        assertThat(durbah.text("handoff.now", Language.AR)).isEqualTo("سيرد عليك فريق دربة.");
        assertThat(durbah.text("faq.decision-time", Language.AR)).contains("الإدارة المختصة"); // defaults kept
        AssociationProfile hope = AssociationProfiles.load(content, "hope");
        assertThat(hope.timeZone().getId()).isEqualTo("Asia/Amman");
        assertThat(hope.committee().answerTime()).isNotNull(); // from the jar's defaults.yml
    }
}
