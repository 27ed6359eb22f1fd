package io.pgmq.codegen.migrate;

import java.time.Duration;
import java.util.Optional;

/** Quoting for generated SQL: identifiers always quoted, user strings always as escaped literals. */
final class Sql {

    private Sql() {
    }

    static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** A string literal; a backslash switches to an {@code E''} literal so it reads the same whatever
     * {@code standard_conforming_strings} is. */
    static String literal(String value) {
        if (value.indexOf('\\') >= 0) {
            return "E'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
        }
        return "'" + value.replace("'", "''") + "'";
    }

    /** {@code "schema"."name"}, or {@code "name"} when no schema is given. */
    static String qualified(Optional<String> schema, String name) {
        return schema.map(s -> identifier(s) + ".").orElse("") + identifier(name);
    }

    static String interval(Duration d) {
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
