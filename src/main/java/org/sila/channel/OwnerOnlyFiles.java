package org.sila.channel;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Files the hub keeps secrets or personal data in (the embedded store, the web chat key) are readable by the
 * account it runs as and nobody else, whatever the umask: folder {@code rwx------}, file {@code rw-------}.
 * On a file system without POSIX permissions (Windows) the folder's own access rules apply.
 */
public final class OwnerOnlyFiles {

    private OwnerOnlyFiles() {
    }

    /** Creates {@code file} empty (and its folder) owner-only if missing; tightens both if they exist. */
    public static Path prepare(Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path folder = absolute.getParent();
        boolean posix = Files.getFileStore(Files.createDirectories(folder)).supportsFileAttributeView("posix");
        if (!posix) {
            if (!Files.exists(absolute)) {
                Files.createFile(absolute);
            }
            return absolute;
        }
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
        try {
            Files.createFile(absolute, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException existing) {
            Files.setPosixFilePermissions(absolute, PosixFilePermissions.fromString("rw-------"));
        }
        return absolute;
    }
}
