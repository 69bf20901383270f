package org.sila.channel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

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

    /**
     * A signing key: {@code configured} when set, else the random key kept in {@code keyFile}, made owner-only on
     * first use so that a restart (and every instance sharing the folder) keeps the same key.
     */
    public static byte[] secretKey(String configured, Path keyFile) {
        if (configured != null && !configured.isBlank()) {
            return configured.getBytes(StandardCharsets.UTF_8);
        }
        try {
            if (Files.exists(keyFile) && Files.size(keyFile) > 0) {
                prepare(keyFile);
                return Files.readAllBytes(keyFile);
            }
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            Files.write(prepare(keyFile), secret);
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the key " + keyFile, e);
        }
    }
}
