package io.pgmq.codegen.manifest;

import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

/**
 * What kind of value a manifest key holds, and everything that depends only on that kind: how it is read from YAML
 * and what is wrong with a bad one, how it is spelt in the manifest, in the lock file and in SQL, and its JSON
 * Schema. A row of {@link ChannelSettings} pairs a key with one of these.
 *
 * <p>Implementations are immutable and thread-safe.
 *
 * @param <T> the Java type of a value
 */
sealed interface ValueType<T> permits WholeNumber, Span, Flag, Choice, RoleList, TextValue {

    /**
     * Reads the value of a manifest entry, reporting what is wrong with it at its position.
     *
     * @param entry the key and its value
     * @param setting the table row, for its key, example and fix
     * @param problems where problems go
     * @return the value, or empty if it was reported as invalid
     */
    Optional<T> read(NodeTuple entry, Setting<T> setting, Problems problems);

    /** The value as the manifest spells it, e.g. {@code 30s}. */
    String yaml(T value);

    /** The value as JSON, as the lock file records it, e.g. {@code "PT30S"}. */
    String json(T value);

    /**
     * The value from what the YAML loader made of its JSON in the lock file.
     *
     * @throws IllegalArgumentException or {@link ClassCastException} if it is not such a value
     */
    T fromJson(Object json);

    /** The value as an SQL literal, e.g. {@code interval '30 seconds'}. */
    String sql(T value);

    /** The JSON Schema of a value, as ordered JSON (maps, lists, strings, numbers, booleans). */
    Map<String, Object> schema();

    /** What a value is, for the reference: e.g. {@code a duration: a whole number and a unit}. */
    String describe();

    /** What the plugin checks beyond {@link #schema()}, for the schema's description; empty if nothing. */
    default String beyondSchema() {
        return "";
    }

    /** The leaf of a dotted key: {@code base} of {@code backoff.base}. */
    static String leaf(String key) {
        return key.substring(key.lastIndexOf('.') + 1);
    }
}
