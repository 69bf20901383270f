package org.sila.association;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which association this hub serves and where its content lives.
 *
 * @param association the profile's id: a file {@code associations/<id>.yml} ({@code default}: the defaults alone)
 * @param contentRoot a folder whose {@code associations/} and {@code templates/} files override the defaults the jar
 *                    carries (see {@link ContentRoot})
 */
@ConfigurationProperties("sila")
public record AssociationSettings(@DefaultValue("default") String association,
                                  @DefaultValue(".") String contentRoot) {

    /** The content folder; a String bound and resolved here, as Spring would read "." as a web resource. */
    public Path root() {
        return Path.of(contentRoot);
    }
}
