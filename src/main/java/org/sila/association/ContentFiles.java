package org.sila.association;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.yaml.snakeyaml.Yaml;

/** Reading the editors' YAML files: plain maps, overrides merged key by key over defaults. */
public final class ContentFiles {

    private ContentFiles() {
    }

    /** The map {@code file} holds; empty when there is no such file. */
    public static Map<String, Object> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return new LinkedHashMap<>();
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Object loaded = new Yaml().load(reader);
            if (loaded == null) {
                return new LinkedHashMap<>();
            }
            if (!(loaded instanceof Map<?, ?> map)) {
                throw new IllegalStateException(file + " must hold a map of keys");
            }
            return copy(map);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code override} over {@code base}: maps merge recursively, anything else (lists too) replaces. */
    public static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> override) {
        Map<String, Object> merged = new LinkedHashMap<>(base);
        override.forEach((key, value) -> {
            if (value instanceof Map<?, ?> o && merged.get(key) instanceof Map<?, ?> b) {
                merged.put(key, merge(copy(b), copy(o)));
            } else {
                merged.put(key, value);
            }
        });
        return merged;
    }

    /** Nested maps as dotted keys: {@code apply: {ask: {name: ...}}} → {@code apply.ask.name}. */
    static Map<String, String> flatten(Map<String, Object> map) {
        Map<String, String> flat = new LinkedHashMap<>();
        flatten("", map, flat);
        return flat;
    }

    private static void flatten(String prefix, Map<String, Object> map, Map<String, String> into) {
        map.forEach((key, value) -> {
            String path = prefix.isEmpty() ? key : prefix + "." + key;
            if (value instanceof Map<?, ?> nested) {
                flatten(path, copy(nested), into);
            } else if (value != null) {
                into.put(path, value.toString().strip());
            }
        });
    }

    private static Map<String, Object> copy(Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(String.valueOf(k), v));
        return copy;
    }
}
