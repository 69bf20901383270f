package org.sila.channel;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a message carried besides its text and files: a place, a contact card, a sticker, a die, a shared post.
 * Adapters put it in the message's metadata ({@link #toMetadata()}), so the store keeps it with the message as it
 * keeps every other channel fact; the console and the rules layer read it back with {@link #of(Map)}. Map keys are
 * plain words: the store does not take dots in field names.
 */
public sealed interface SharedContent {

    String KIND = "content";

    /** {@code location}, {@code contact}, {@code sticker}, {@code dice}, {@code share}, {@code unsupported}. */
    String kind();

    Map<String, String> toMetadata();

    /** A point on the map; a venue is a location with a label (its name) and an address. */
    record Location(double latitude, double longitude, String label, String address) implements SharedContent {
        public String kind() {
            return "location";
        }

        public Map<String, String> toMetadata() {
            return entries(KIND, kind(), "contentLatitude", Double.toString(latitude),
                    "contentLongitude", Double.toString(longitude), "contentLabel", label, "contentAddress", address);
        }

        /** A map link staff can open. */
        public String mapUrl() {
            return "https://www.openstreetmap.org/?mlat=" + latitude + "&mlon=" + longitude + "#map=17/" + latitude
                    + "/" + longitude;
        }
    }

    /** A contact card; {@code own} when the sender shared their own number. */
    record ContactCard(String name, String phone, boolean own) implements SharedContent {
        public String kind() {
            return "contact";
        }

        public Map<String, String> toMetadata() {
            return entries(KIND, kind(), "contentName", name, "contentPhone", phone, "contentOwn",
                    Boolean.toString(own));
        }
    }

    /** A sticker, kept as the emoji it stands for (null when the channel does not say). */
    record Sticker(String emoji) implements SharedContent {
        public String kind() {
            return "sticker";
        }

        public Map<String, String> toMetadata() {
            return entries(KIND, kind(), "contentEmoji", emoji);
        }
    }

    /** An animated die, dart, ball ... with the value it landed on. */
    record Dice(String emoji, int value) implements SharedContent {
        public String kind() {
            return "dice";
        }

        public Map<String, String> toMetadata() {
            return entries(KIND, kind(), "contentEmoji", emoji, "contentValue", Integer.toString(value));
        }
    }

    /** A post, story, reel or link shared from the platform: what it is ({@code story_mention} ...) and its link. */
    record Share(String type, String url) implements SharedContent {
        public String kind() {
            return "share";
        }

        public Map<String, String> toMetadata() {
            return entries(KIND, kind(), "contentType", type, "contentUrl", url);
        }
    }

    /** Something the platform could not show the hub (Instagram's "unsupported message"). */
    record Unsupported() implements SharedContent {
        public String kind() {
            return "unsupported";
        }

        public Map<String, String> toMetadata() {
            return entries(KIND, kind());
        }
    }

    /** The content a message's metadata carries, if any. */
    static Optional<SharedContent> of(Map<String, String> metadata) {
        if (metadata == null || metadata.get(KIND) == null) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(switch (metadata.get(KIND)) {
                case "location" -> new Location(Double.parseDouble(metadata.get("contentLatitude")),
                        Double.parseDouble(metadata.get("contentLongitude")), metadata.get("contentLabel"),
                        metadata.get("contentAddress"));
                case "contact" -> new ContactCard(metadata.get("contentName"), metadata.get("contentPhone"),
                        Boolean.parseBoolean(metadata.get("contentOwn")));
                case "sticker" -> new Sticker(metadata.get("contentEmoji"));
                case "dice" -> new Dice(metadata.get("contentEmoji"), Integer.parseInt(metadata.get("contentValue")));
                case "share" -> new Share(metadata.get("contentType"), metadata.get("contentUrl"));
                case "unsupported" -> new Unsupported();
                default -> null;
            });
        } catch (RuntimeException unreadable) {
            return Optional.empty(); // a record stored by an older version: shown as text only
        }
    }

    private static Map<String, String> entries(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null && !keysAndValues[i + 1].isBlank()) {
                map.put(keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return map;
    }
}
