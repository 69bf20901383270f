package org.sila.association;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The active association's profile ({@code sila.association}), read at start from {@code associations/defaults.yml}
 * with {@code associations/<id>.yml} over it. Every module takes the association's facts from {@link #active()}
 * (the channel adapters through {@link org.sila.channel.AssociationFacts}).
 */
@Component
@EnableConfigurationProperties(AssociationSettings.class)
public class AssociationProfiles {

    static final String FOLDER = "associations";
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final AssociationProfile active;

    AssociationProfiles(AssociationSettings settings, ContentRoot content) {
        this.active = load(content.path(), settings.association());
    }

    public AssociationProfile active() {
        return active;
    }

    /** The profile {@code id} under {@code contentRoot}; {@code default} is the defaults alone. */
    public static AssociationProfile load(Path contentRoot, String id) {
        Path folder = contentRoot.resolve(FOLDER);
        Map<String, Object> data = ContentFiles.read(folder.resolve("defaults.yml"));
        if (data.isEmpty()) {
            throw new IllegalStateException("No association defaults at " + folder.toAbsolutePath());
        }
        if (!"default".equals(id)) {
            Path file = folder.resolve(id + ".yml");
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException("sila.association=" + id + " but there is no " + file);
            }
            data = ContentFiles.merge(data, ContentFiles.read(file));
        }
        AssociationProfile profile = JSON.convertValue(data, AssociationProfile.class);
        if (!id.equals(profile.id())) {
            throw new IllegalStateException(id + ".yml declares id " + profile.id());
        }
        return profile;
    }
}
