package org.sila.channel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded store's file (and its folder) are created owner-only, whatever the umask. */
class OwnerOnlyFilesTest {

    @TempDir
    Path dir;

    @Test
    void aNewFileAndItsFolderAreTheOwnersOnly() throws Exception {
        Path file = OwnerOnlyFiles.prepare(dir.resolve("data/sila.mv"));
        assertThat(file).exists().isEmptyFile();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
    }

    @Test
    void anExistingFileKeepsItsContentAndLosesOthersAccess() throws Exception {
        Path file = dir.resolve("sila.mv");
        Files.writeString(file, "data");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-r--"));
        OwnerOnlyFiles.prepare(file);
        assertThat(file).hasContent("data");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }
}
