package org.sila.association;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * Where the editors' content is read from: the defaults the jar carries ({@code associations/}, {@code templates/}
 * and the knowledge base, on the classpath under {@code content/}), with whatever {@code sila.content-root} holds
 * laid over them file by file. So the hub runs from any folder, and an association overrides only what it changes.
 */
@Component
public class ContentRoot {

    static final String CLASSPATH_FOLDER = "content";
    static final List<String> FOLDERS = List.of(AssociationProfiles.FOLDER, Templates.FOLDER);

    private final Path path;

    ContentRoot(AssociationSettings settings) {
        this.path = assemble(settings.root());
    }

    /** The folder holding {@code associations/} and {@code templates/}, defaults and overrides together. */
    public Path path() {
        return path;
    }

    /**
     * {@code overrides} itself when it holds the complete content (the project folder); otherwise a folder
     * assembled from the jar's defaults with the files under {@code overrides} over them.
     */
    static Path assemble(Path overrides) {
        if (Files.isRegularFile(overrides.resolve(AssociationProfiles.FOLDER).resolve("defaults.yml"))
                && Files.isRegularFile(overrides.resolve(Templates.FOLDER).resolve("faq").resolve("intents.yml"))) {
            return overrides;
        }
        try {
            Path assembled = Files.createTempDirectory("sila-content");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(assembled)));
            var resolver = new PathMatchingResourcePatternResolver(ContentRoot.class.getClassLoader());
            for (String folder : FOLDERS) {
                for (Resource resource : resolver.getResources("classpath*:" + CLASSPATH_FOLDER + "/" + folder + "/**/*")) {
                    String url = resource.getURL().toString();
                    int at = url.lastIndexOf("/" + CLASSPATH_FOLDER + "/" + folder + "/");
                    if (!resource.isReadable() || at < 0 || url.endsWith("/")) {
                        continue;
                    }
                    Path target = assembled.resolve(url.substring(at + CLASSPATH_FOLDER.length() + 2));
                    Files.createDirectories(target.getParent());
                    try (InputStream in = resource.getInputStream()) {
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                Path own = overrides.resolve(folder);
                if (Files.isDirectory(own)) {
                    try (Stream<Path> files = Files.walk(own)) {
                        for (Path file : files.filter(Files::isRegularFile).toList()) {
                            Path target = assembled.resolve(folder).resolve(own.relativize(file).toString());
                            Files.createDirectories(target.getParent());
                            Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
            }
            return assembled;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot assemble the content folder from the jar's defaults", e);
        }
    }

    private static void delete(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder: the system cleans it up anyway
        }
    }
}
