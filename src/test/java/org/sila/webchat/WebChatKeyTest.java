package org.sila.webchat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The generated web chat key lives beside the store's file, readable by the hub's account only, and lasts. */
class WebChatKeyTest {

    @TempDir
    Path dir;

    @Test
    void theKeyIsMadeOwnerOnlyBesideTheStoreAndKeptAcrossRestarts() throws Exception {
        Path store = dir.resolve("var/sila/sila.mv");
        var tokens = new WebChatTokens(properties(), store.toString());
        Path key = dir.resolve("var/sila/webchat.key");
        assertThat(key).exists();
        assertThat(Files.size(key)).isEqualTo(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key.getParent())))
                .isEqualTo("rwx------");

        String session = tokens.newSessionId();
        var restarted = new WebChatTokens(properties(), store.toString());
        assertThat(restarted.isValid(session, tokens.tokenFor(session))).isTrue();
    }

    @Test
    void anExistingKeyReadableByOthersIsTightened() throws Exception {
        Path key = dir.resolve("webchat.key");
        Files.write(key, new byte[32]);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        new WebChatTokens(properties(), dir.resolve("sila.mv").toString());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
    }

    private static WebChatProperties properties() {
        return new WebChatProperties(null, null, 4000, 65536, 10, 30, 60, 120, 20, 120, 3, 1000,
                Duration.ofSeconds(25));
    }
}
