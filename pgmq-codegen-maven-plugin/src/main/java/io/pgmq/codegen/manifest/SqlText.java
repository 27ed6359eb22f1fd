package io.pgmq.codegen.manifest;

import java.time.Duration;
import java.util.Optional;

/**
 * Quoting for generated SQL: identifiers always quoted, user strings always as escaped literals. The settings table
 * renders its values with it, the migration writer its calls.
 *
 * <p>Stateless and thread-safe.
 */
public final class SqlText {

    private SqlText() {
    }

    /**
     * A quoted identifier.
     *
     * @param name the name, e.g. {@code pg_mq_queue_orders}
     * @return {@code "name"} with inner quotes doubled
     */
    public static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /**
     * A string literal; a backslash switches to an {@code E''} literal so it reads the same whatever
     * {@code standard_conforming_strings} is.
     *
     * @param value the text
     * @return the quoted literal
     */
    public static String literal(String value) {
        if (value.indexOf('\\') >= 0) {
            return "E'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
        }
        return "'" + value.replace("'", "''") + "'";
    }

    /**
     * A qualified name.
     *
     * @param schema the schema, if any
     * @param name the name
     * @return {@code "schema"."name"}, or {@code "name"} when no schema is given
     */
    public static String qualified(Optional<String> schema, String name) {
        return schema.map(s -> identifier(s) + ".").orElse("") + identifier(name);
    }

    /**
     * An interval literal in the largest whole unit, e.g. {@code interval '90 seconds'}.
     *
     * @param d a positive duration
     * @return the literal
     */
    public static String interval(Duration d) {
        long ms = d.toMillis();
        String text;
        if (ms % 86_400_000L == 0) {
            text = ms / 86_400_000L + " days";
        } else if (ms % 3_600_000L == 0) {
            text = ms / 3_600_000L + " hours";
        } else if (ms % 60_000L == 0) {
            text = ms / 60_000L + " minutes";
        } else if (ms % 1000L == 0) {
            text = ms / 1000L + " seconds";
        } else {
            text = ms + " milliseconds";
        }
        if (text.startsWith("1 ")) {
            text = text.substring(0, text.length() - 1);
        }
        return "interval " + literal(text);
    }
}
