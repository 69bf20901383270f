package org.sila.ops;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.sila.SilaApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hub as a newcomer starts it: default settings, a fresh embedded store on file, then a restart on it. Neither
 * start logs a warning or an error, and each says in one line where the hub listens, for whom, on what.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupTest {

    @TempDir
    Path data;

    @Test
    void aCleanStartAndARestartAreQuietAndSayWhereTheHubIs(CapturedOutput output) {
        start();
        int firstStart = output.getOut().length();
        start();

        List<String> lines = output.getOut().lines().toList();
        assertThat(lines).filteredOn(line -> line.contains(" WARN ") || line.contains(" ERROR ")).isEmpty();
        assertThat(output.getErr()).doesNotContain("WARN", "ERROR", "Exception");
        List<String> summaries = lines.stream().filter(line -> line.contains("Sila is ready on port")).toList();
        assertThat(summaries).hasSize(2).allSatisfy(line -> assertThat(line)
                .contains("for the association 'default'")
                .contains("store: embedded, " + data.resolve("sila.mv").toAbsolutePath().normalize())
                .contains("channels on: webchat")
                .contains("metrics: closed (set SILA_METRICS_PASSWORD)"));
        assertThat(output.getOut().substring(firstStart)).doesNotContain("One-time password");
    }

    private void start() {
        try (var hub = new SpringApplicationBuilder(SilaApplication.class).run("--server.port=0",
                "--sila.store.path=" + data.resolve("sila.mv"), "--sila.webchat.key-file=" + data.resolve("webchat.key"),
                "--spring.main.banner-mode=off")) {
            assertThat(hub.isRunning()).isTrue();
        }
    }
}
