package io.pgmq;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the statements pgmq-schema writes for clients ({@code pg_mq_claim_sql}, {@code pg_mq_ack_sql}), which use
 * PostgreSQL's numbered parameters, into JDBC text with {@code ?}, so the runtime runs the very statements the SQL
 * functions execute and the semantics live in the migrations only.
 */
final class Placeholders {

    private static final Pattern NUMBERED = Pattern.compile("\\$(\\d+)");

    private Placeholders() {
    }

    /**
     * Replaces {@code $1..$count} by {@code ?}. pgmq's statements use each of them exactly once and in order, which is
     * what makes the rewrite safe; anything else means the installed pgmq-schema does not match this runtime, and
     * fails here rather than binding values to the wrong parameters.
     *
     * @throws IllegalStateException if the parameters are not exactly {@code $1..$count} in order
     */
    static String toJdbc(String sql, int count) {
        Matcher m = NUMBERED.matcher(sql);
        StringBuilder jdbc = new StringBuilder(sql.length());
        int expected = 1;
        while (m.find()) {
            if (!m.group(1).equals(Integer.toString(expected))) {
                throw mismatch("has parameter $" + m.group(1) + " where $" + expected + " was expected", sql);
            }
            m.appendReplacement(jdbc, "?");
            expected++;
        }
        if (expected - 1 != count) {
            throw mismatch("has " + (expected - 1) + " parameters where " + count + " were expected", sql);
        }
        m.appendTail(jdbc);
        return jdbc.toString();
    }

    private static IllegalStateException mismatch(String problem, String sql) {
        return new IllegalStateException("pgmq statement " + problem + ": the installed pgmq-schema does not match this"
                + " runtime; migrate the database to this runtime's pgmq-schema version. Statement: " + sql);
    }
}
