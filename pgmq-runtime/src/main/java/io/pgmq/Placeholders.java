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

    /**
     * The statement for any batch size, from the two texts pgmq-schema wrote for batches of 1 and of 2: a claim
     * statement carries its batch size in its text ({@code LIMIT 100}, so that PostgreSQL keeps one plan), so the two
     * texts differ in that number only, and the text for {@code n} is the same with {@code n} written there.
     *
     * @throws IllegalStateException if the texts differ anywhere else, or their parameters are not {@code $1..$count}
     */
    static Batched batched(String forOne, String forTwo, int count) {
        String one = toJdbc(forOne, count);
        String two = toJdbc(forTwo, count);
        int prefix = 0;
        while (prefix < Math.min(one.length(), two.length()) && one.charAt(prefix) == two.charAt(prefix)) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < Math.min(one.length(), two.length()) - prefix
                && one.charAt(one.length() - 1 - suffix) == two.charAt(two.length() - 1 - suffix)) {
            suffix++;
        }
        Batched batched = new Batched(one.substring(0, prefix), one.substring(one.length() - suffix));
        boolean standalone = (prefix == 0 || !Character.isDigit(one.charAt(prefix - 1)))
                && (suffix == 0 || !Character.isDigit(batched.after().charAt(0)));
        if (!standalone || !batched.forBatch(1).equals(one) || !batched.forBatch(2).equals(two)) {
            throw mismatch("for batches of 1 and 2 differs in more than the batch size", forOne);
        }
        return batched;
    }

    /**
     * A statement with its batch size written in: {@code before}, the number, {@code after}.
     *
     * @param before the text before the batch size
     * @param after  the text after it
     */
    record Batched(String before, String after) {

        /** The statement's text for batches of {@code max}. */
        String forBatch(int max) {
            return before + max + after;
        }
    }

    private static IllegalStateException mismatch(String problem, String sql) {
        return new IllegalStateException("pgmq statement " + problem + ": the installed pgmq-schema does not match this"
                + " runtime; migrate the database to this runtime's pgmq-schema version. Statement: " + sql);
    }
}
