package io.pgmq.codegen.manifest;

import java.util.List;
import java.util.Map;

/**
 * Writes JSON from ordered maps, lists, strings, numbers and booleans, two spaces per level and LF endings, so
 * that generated JSON (the manifest's JSON Schema, the lock file's values) diffs cleanly.
 *
 * <p>Stateless and thread-safe.
 */
public final class JsonText {

    private JsonText() {
    }

    /**
     * Returns the JSON of a value, pretty-printed.
     *
     * @param value a {@link Map} with string keys, a {@link List}, a {@link String}, a {@link Number} or a
     *     {@link Boolean}, nested
     * @return the JSON text, ending in a line break
     */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value, "");
        return out.append('\n').toString();
    }

    private static void write(StringBuilder out, Object value, String indent) {
        if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                out.append("{}");
                return;
            }
            out.append("{\n");
            String inner = indent + "  ";
            String separator = "";
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.append(separator).append(inner).append(string((String) e.getKey())).append(": ");
                write(out, e.getValue(), inner);
                separator = ",\n";
            }
            out.append('\n').append(indent).append('}');
        } else if (value instanceof List<?> list) {
            if (list.stream().allMatch(v -> v instanceof String || v instanceof Number || v instanceof Boolean)) {
                out.append('[');
                String separator = "";
                for (Object item : list) {
                    out.append(separator);
                    write(out, item, indent);
                    separator = ", ";
                }
                out.append(']');
                return;
            }
            out.append("[\n");
            String inner = indent + "  ";
            String separator = "";
            for (Object item : list) {
                out.append(separator).append(inner);
                write(out, item, inner);
                separator = ",\n";
            }
            out.append('\n').append(indent).append(']');
        } else if (value instanceof String s) {
            out.append(string(s));
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else {
            throw new IllegalArgumentException("not a JSON value: " + value);
        }
    }

    /**
     * Returns a JSON string literal.
     *
     * @param value the text
     * @return the quoted, escaped string
     */
    public static String string(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
