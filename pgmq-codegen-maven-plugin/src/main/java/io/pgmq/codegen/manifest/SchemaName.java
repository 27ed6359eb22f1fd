package io.pgmq.codegen.manifest;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

/**
 * A PostgreSQL schema name that needs no quotes: lower-case ASCII letters, digits and {@code _}, starting with a letter
 * or {@code _}, at most 63 bytes, not {@code pg_*}. The runtime and the SQL both name the schema, so a name that only
 * works quoted ({@code Public-Queues}) is refused here rather than at run time.
 */
record SchemaName() implements TextValue {

    private static final int MAX_BYTES = 63;
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]*");

    @Override
    public Optional<String> read(NodeTuple entry, Setting<String> setting, Problems problems) {
        Optional<String> text = Nodes.text(entry, setting.key(), problems);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String value = text.get();
        if (value.isBlank()) {
            problems.add(entry.getValueNode(), "schema is blank",
                    "name a PostgreSQL schema, e.g. schema: public, or remove the key");
        } else if (!NAME.matcher(value).matches()) {
            problems.add(entry.getValueNode(), "schema \"" + value + "\" is invalid: expected lower-case letters,"
                    + " digits and '_' starting with a letter or '_' (a name PostgreSQL needs no quotes for)",
                    "rename it, e.g. \"" + suggest(value) + "\"");
        } else if (value.length() > MAX_BYTES) {
            problems.add(entry.getValueNode(), "schema \"" + value + "\" is " + value.length()
                    + " bytes; PostgreSQL allows at most 63", "shorten the schema name");
        } else if (value.startsWith("pg_")) {
            problems.add(entry.getValueNode(), "schema \"" + value + "\" is reserved: the prefix \"pg_\" belongs to"
                    + " PostgreSQL", "use another schema, e.g. \"" + value.substring(3) + "\"");
        } else {
            return text;
        }
        return Optional.empty();
    }

    private static String suggest(String value) {
        String snake = value.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9_]+", "_").replaceAll("^[0-9]+", "").replaceAll("^pg_", "");
        return snake.isEmpty() ? "queues" : snake.substring(0, Math.min(snake.length(), MAX_BYTES));
    }

    @Override
    public String sql(String value) {
        return SqlText.identifier(value);
    }

    @Override
    public Map<String, Object> schema() {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "string");
        schema.put("pattern", "^[a-z_][a-z0-9_]*$");
        schema.put("maxLength", MAX_BYTES);
        schema.put("not", Map.of("pattern", "^pg_"));
        return schema;
    }

    @Override
    public String describe() {
        return "a PostgreSQL schema name needing no quotes: lower-case ASCII letters, digits and '_', starting with a"
                + " letter or '_', at most 63 bytes, not pg_*";
    }
}
