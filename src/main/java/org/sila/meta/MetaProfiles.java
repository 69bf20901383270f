package org.sila.meta;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.sila.channel.ChannelType;

/**
 * Senders' names from Meta's profile API, asked once per user and kept. A failed lookup is not kept (the next
 * message asks again) and never holds up storing the message: it is stored without a name.
 */
class MetaProfiles {

    private static final int REMEMBERED = 50_000;

    private final GraphApiClient graph;
    private final Map<String, String> names = Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > REMEMBERED;
        }
    });

    MetaProfiles(GraphApiClient graph) {
        this.graph = graph;
    }

    String name(ChannelType channel, String userId) {
        String key = channel + ":" + userId;
        String known = names.get(key);
        if (known != null) {
            return known;
        }
        String fetched = graph.profileName(channel, userId).orElse(null);
        if (fetched != null) {
            names.put(key, fetched);
        }
        return fetched;
    }
}
