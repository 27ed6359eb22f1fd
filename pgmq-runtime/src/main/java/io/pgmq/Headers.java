package io.pgmq;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A message's headers: string keys to string values, case-sensitive, stored in the channel table's {@code headers}
 * jsonb column (core migration V13) and kept through retries, dead-lettering and redrive.
 *
 * <p>Headers are small: as jsonb text (e.g. {@code {"tenant": "acme"}}) they take at most {@value #MAX_BYTES} bytes of
 * UTF-8, the limit the database enforces too; a larger set is refused when it is built, naming its size. Keys are not
 * empty. Immutable and thread-safe; {@link #with} returns a new instance.
 */
public final class Headers {

    /** The most bytes headers may take as jsonb text, as {@code pg_mq_headers_limit()} says. */
    public static final int MAX_BYTES = 8192;

    private static final Headers EMPTY = new Headers(new TreeMap<>());

    private final Map<String, String> values;
    private final String json;

    private Headers(TreeMap<String, String> values) {
        this.json = values.isEmpty() ? null : json(values);
        int size = json == null ? 0 : json.getBytes(StandardCharsets.UTF_8).length;
        if (size > MAX_BYTES) {
            throw new IllegalArgumentException("headers take " + size + " bytes as JSON, more than the limit of "
                    + MAX_BYTES + " bytes; keep headers to ids, versions and trace context and put data in the payload");
        }
        this.values = Collections.unmodifiableMap(values);
    }

    /**
     * No headers.
     *
     * @return the empty headers
     */
    public static Headers empty() {
        return EMPTY;
    }

    /**
     * Headers with these entries.
     *
     * @param values the entries; no key or value null, no key empty
     * @return the headers
     * @throws NullPointerException if {@code values}, a key or a value is null
     * @throws IllegalArgumentException if a key is empty or the headers exceed {@value #MAX_BYTES} bytes
     */
    public static Headers of(Map<String, String> values) {
        Objects.requireNonNull(values, "values");
        TreeMap<String, String> copy = new TreeMap<>();
        values.forEach((k, v) -> copy.put(checkKey(k), Objects.requireNonNull(v, () -> "value of header \"" + k + "\"")));
        return copy.isEmpty() ? EMPTY : new Headers(copy);
    }

    /**
     * These headers with one more entry (or {@code key} set to another value).
     *
     * @param key   the key, not null or empty; case-sensitive
     * @param value the value, not null
     * @return new headers
     * @throws NullPointerException if {@code key} or {@code value} is null
     * @throws IllegalArgumentException if {@code key} is empty or the headers would exceed {@value #MAX_BYTES} bytes
     */
    public Headers with(String key, String value) {
        TreeMap<String, String> copy = new TreeMap<>(values);
        copy.put(checkKey(key), Objects.requireNonNull(value, () -> "value of header \"" + key + "\""));
        return new Headers(copy);
    }

    /**
     * The value of a header.
     *
     * @param key the key, case-sensitive
     * @return its value, or empty when absent
     */
    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /**
     * The headers as an unmodifiable map, keys in {@link String#compareTo} order.
     *
     * @return the entries
     */
    public Map<String, String> asMap() {
        return values;
    }

    /**
     * Whether there are none.
     *
     * @return true for no headers
     */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** The headers as a JSON object, for the {@code headers} column; null when empty. */
    String toJson() {
        return json;
    }

    /** Headers read from the {@code headers} column (a JSON object of strings, as the database checked it). */
    static Headers fromJson(String json) {
        return json == null ? EMPTY : of(JsonObjects.parseStrings(json));
    }

    private static String checkKey(String key) {
        Objects.requireNonNull(key, "header key");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("header key must not be empty");
        }
        return key;
    }

    /** jsonb's text form, {"a": "b", "c": "d"} with its escapes, whose UTF-8 size the limit is about. */
    private static String json(Map<String, String> values) {
        StringBuilder out = new StringBuilder("{");
        values.forEach((k, v) -> {
            if (out.length() > 1) {
                out.append(", ");
            }
            quote(out, k).append(": ");
            quote(out, v);
        });
        return out.append('}').toString();
    }

    private static StringBuilder quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Headers other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return "Headers" + values;
    }
}
