package org.sila.announce;

import java.util.List;

import org.sila.casework.CaseStage;
import org.sila.channel.ChannelType;

/**
 * Whom an announcement is for. Each list narrows the group; an empty list does not. Programme, city and stage are
 * those of the beneficiary's cases (city spelling folded); channel, one they have written on.
 */
public record Audience(List<String> programmes, List<String> cities, List<CaseStage> stages,
                       List<ChannelType> channels) {

    public Audience {
        programmes = programmes == null ? List.of() : programmes.stream().filter(s -> !s.isBlank()).toList();
        cities = cities == null ? List.of() : cities.stream().filter(s -> !s.isBlank()).map(String::strip).toList();
        stages = stages == null ? List.of() : List.copyOf(stages);
        channels = channels == null ? List.of() : List.copyOf(channels);
    }

    public static Audience everyone() {
        return new Audience(List.of(), List.of(), List.of(), List.of());
    }

    boolean byCases() {
        return !programmes.isEmpty() || !cities.isEmpty() || !stages.isEmpty();
    }
}
