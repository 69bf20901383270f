package org.sila.association;

import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * What beneficiaries read: {@code templates/default/<lang>.yml} with {@code templates/<association>/<lang>.yml}
 * over it. A template's {@code {placeholders}} are filled from the active profile ({@link #PROFILE_PLACEHOLDERS})
 * and from what the caller passes ({@link #RUNTIME_PLACEHOLDERS}).
 */
@Component
public class Templates {

    static final String FOLDER = "templates";

    /** Filled from the association profile. */
    public static final Set<String> PROFILE_PLACEHOLDERS = Set.of("name", "licence", "phone", "email", "website",
            "social", "address", "contacts", "channels", "hours", "committee", "committeeTime", "referral",
            "criteria", "programmes", "documents");
    /** Given by the code that renders a template. */
    public static final Set<String> RUNTIME_PLACEHOLDERS = Set.of("reference", "files", "limit", "options",
            "when", "summary", "cases", "type", "stage", "date", "days", "opens", "closes", "policy", "topic", "other",
            "keptFor", "n", "reason", "score", "terms");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");

    private final AssociationProfile profile;
    private final Map<Language, Map<String, String>> texts;
    private final Map<Language, Map<String, String>> profileValues = new EnumMap<>(Language.class);

    @Autowired
    Templates(AssociationProfiles profiles, ContentRoot content) {
        this(content.path(), profiles.active());
    }

    /** The templates of {@code profile} under {@code contentRoot}; for tools and tests. */
    public Templates(Path contentRoot, AssociationProfile profile) {
        this.profile = profile;
        this.texts = load(contentRoot, profile.id());
        for (Language language : Language.values()) {
            profileValues.put(language, profileValues(language));
        }
    }

    /** Raw templates per language, overrides applied; for checks. */
    public static Map<Language, Map<String, String>> load(Path contentRoot, String associationId) {
        Map<Language, Map<String, String>> texts = new EnumMap<>(Language.class);
        for (Language language : Language.values()) {
            Path folder = contentRoot.resolve(FOLDER);
            Map<String, String> merged = new LinkedHashMap<>(ContentFiles.flatten(
                    ContentFiles.read(folder.resolve("default").resolve(language.code() + ".yml"))));
            if (!"default".equals(associationId)) {
                merged.putAll(ContentFiles.flatten(
                        ContentFiles.read(folder.resolve(associationId).resolve(language.code() + ".yml"))));
            }
            texts.put(language, Map.copyOf(merged));
        }
        return texts;
    }

    public static Set<String> placeholders(String template) {
        Set<String> names = new java.util.LinkedHashSet<>();
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The keys under {@code prefix} (e.g. {@code "faq."}), without it, in the order the defaults list them. */
    public List<String> keysUnder(String prefix) {
        return texts.get(Language.AR).keySet().stream().filter(k -> k.startsWith(prefix))
                .map(k -> k.substring(prefix.length())).toList();
    }

    public boolean has(String key) {
        return texts.get(Language.AR).containsKey(key);
    }

    /** The template {@code key} in {@code language}, filled. An unknown key is a programming error. */
    public String text(String key, Language language, Map<String, ?> values) {
        String template = texts.get(language).get(key);
        if (template == null) {
            template = texts.get(Language.AR).get(key);
        }
        if (template == null) {
            throw new IllegalArgumentException("No template " + key);
        }
        return fill(template, language, values);
    }

    public String text(String key, Language language) {
        return text(key, language, Map.of());
    }

    /** {@code items} as a list in running text, with {@code language}'s separator (templates' list-separator). */
    public String list(List<String> items, Language language) {
        return String.join(raw("list-separator", language) + " ", items); // templates are read stripped
    }

    private String fill(String template, Language language, Map<String, ?> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            Object value = values.containsKey(name) ? values.get(name) : profileValues.get(language).get(name);
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value.toString()));
        }
        m.appendTail(out);
        return out.toString().replaceAll("\n{3,}", "\n\n").strip();
    }

    private Map<String, String> profileValues(Language language) {
        Map<String, String> v = new HashMap<>();
        var c = profile.contacts();
        v.put("name", profile.name().in(language));
        v.put("licence", profile.licence() == null ? "" : profile.licence());
        v.put("phone", blank(c.phone()));
        v.put("email", list(c.email(), language));
        v.put("website", blank(c.website()));
        v.put("social", list(c.social(), language));
        v.put("address", c.address() == null ? "" : c.address().in(language));
        List<String> contacts = new ArrayList<>();
        addContact(contacts, "contact.phone", v.get("phone"), language);
        addContact(contacts, "contact.email", v.get("email"), language);
        addContact(contacts, "contact.website", v.get("website"), language);
        addContact(contacts, "contact.social", v.get("social"), language);
        addContact(contacts, "contact.address", v.get("address"), language);
        v.put("contacts", contacts.isEmpty() ? raw("contact.none", language) : String.join("\n", contacts));
        v.put("channels", list(profile.channels().stream()
                .map(ch -> rawOr("channel." + ch, language, ch)).toList(), language));
        v.put("committee", profile.committee().body().in(language));
        v.put("committeeTime", raw("committee.time." + profile.committee().answerTime().name(), language));
        v.put("referral", profile.referral().in(language));
        v.put("criteria", bullets(profile.selectionCriteria(), language));
        v.put("programmes", bullets(profile.programmes(), language));
        v.put("documents", bullets(profile.requiredDocuments(), language));
        Locale locale = Locale.forLanguageTag(language.code());
        List<String> days = new ArrayList<>();
        for (DayOfWeek day : List.of(DayOfWeek.SUNDAY, DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY,
                DayOfWeek.THURSDAY, DayOfWeek.FRIDAY, DayOfWeek.SATURDAY)) {
            if (profile.isWorkingDay(day)) {
                days.add(day.getDisplayName(TextStyle.FULL, locale));
            }
        }
        v.put("hours", fillRaw(raw("hours.format", language), Map.of("days", list(days, language),
                "opens", profile.workingHours().opens().toString(),
                "closes", profile.workingHours().closes().toString())));
        return v;
    }

    private void addContact(List<String> into, String key, String value, Language language) {
        if (!value.isBlank()) {
            into.add(fillRaw(raw(key, language), Map.of(key.substring(key.indexOf('.') + 1), value)));
        }
    }

    private static String bullets(List<AssociationProfile.Item> items, Language language) {
        return String.join("\n", items.stream().map(i -> "• " + i.in(language)).toList());
    }

    private String raw(String key, Language language) {
        String t = texts.get(language).getOrDefault(key, texts.get(Language.AR).get(key));
        if (t == null) {
            throw new IllegalStateException("No template " + key);
        }
        return t;
    }

    private String rawOr(String key, Language language, String fallback) {
        return texts.get(language).getOrDefault(key, fallback);
    }

    private static String fillRaw(String template, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(values.getOrDefault(m.group(1), m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String blank(String s) {
        return s == null ? "" : s;
    }
}
