package io.pgmq.schema;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The channel-name rule, the Java side of {@code pg_mq_check_channel_name} (pgmq core V1): lower-case ASCII letters,
 * digits and {@code _}, starting with a letter, at most {@value #MAX_BYTES} bytes, so that the queue table
 * {@code pg_mq_queue_<name>} fits PostgreSQL's 63-byte identifiers without being truncated.
 *
 * <p>The runtime's channels and the code generator's manifest reader both ask this class, and its messages are
 * worded exactly as the SQL function's, so a name is refused in the same words wherever it is checked. The shared
 * list {@code pgmq-schema/src/test/resources/channel-names.tsv} is run against all three.
 *
 * <p>Stateless and thread-safe; pure JDK, so that pgmq-schema keeps no dependencies.
 */
public final class ChannelName {

    /** The longest name in bytes: {@code pg_mq_queue_} (12 bytes) plus the name must fit 63 bytes. */
    public static final int MAX_BYTES = 51;

    /** The prefix of every queue table. */
    public static final String TABLE_PREFIX = "pg_mq_queue_";

    /** The pattern a name matches, as SQL writes it ({@code ~ '^[a-z][a-z0-9_]*$'}); ASCII only. */
    public static final String PATTERN = "^[a-z][a-z0-9_]*$";

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Pattern PLAIN_IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");
    private static final String EXPECTED = "expected lower-case letters, digits and '_' starting with a letter";

    private ChannelName() {
    }

    /** Why a name is refused. */
    public enum Reason {
        /** The name is empty. */
        MISSING,
        /** The name has a character the pattern does not allow, or does not start with a letter. */
        PATTERN,
        /** The name is longer than {@value ChannelName#MAX_BYTES} bytes in UTF-8. */
        TOO_LONG
    }

    /**
     * A refused name: why, the message (worded as {@code pg_mq_check_channel_name} raises it) and the fix.
     *
     * @param reason why the name is refused
     * @param message what is wrong, e.g. {@code channel name "Order-Events" is invalid: expected ...}
     * @param fix how to fix it, e.g. {@code rename it, e.g. "order_events"}
     */
    public record Invalid(Reason reason, String message, String fix) {

        /**
         * Validates the fields.
         *
         * @param reason why the name is refused
         * @param message what is wrong
         * @param fix how to fix it
         * @throws NullPointerException if a field is null
         */
        public Invalid {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(fix, "fix");
        }

        /** Returns {@code message — fix}, the form pgmq's Java code throws and prints. */
        @Override
        public String toString() {
            return message + " \u2014 " + fix;
        }
    }

    /**
     * Judges a name.
     *
     * @param name the name; not null
     * @return empty if the name is valid, else why it is not
     * @throws NullPointerException if {@code name} is null
     */
    public static Optional<Invalid> problem(String name) {
        Objects.requireNonNull(name, "channel name");
        if (name.isEmpty()) {
            return Optional.of(new Invalid(Reason.MISSING, "channel name is missing: " + EXPECTED,
                    "pass a name such as \"order_events\""));
        }
        if (!NAME.matcher(name).matches()) {
            return Optional.of(new Invalid(Reason.PATTERN, "channel name " + quoteIdent(name) + " is invalid: "
                    + EXPECTED, "rename it, e.g. \"" + suggest(name) + "\""));
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            return Optional.of(new Invalid(Reason.TOO_LONG, "channel name \"" + name + "\" is " + bytes
                    + " bytes long: at most " + MAX_BYTES + " fit, because its table \"" + TABLE_PREFIX + name
                    + "\" must stay within PostgreSQL's 63-byte identifiers",
                    "shorten it to " + MAX_BYTES + " bytes or fewer"));
        }
        return Optional.empty();
    }

    /**
     * Returns the name if it is valid.
     *
     * @param name the name
     * @return {@code name}
     * @throws NullPointerException if {@code name} is null
     * @throws IllegalArgumentException if the name is invalid, with {@link Invalid#toString()} as its message
     */
    public static String check(String name) {
        Optional<Invalid> invalid = problem(name);
        if (invalid.isPresent()) {
            throw new IllegalArgumentException(invalid.get().toString());
        }
        return name;
    }

    /**
     * A valid name close to the given one: {@code OrderEvents} and {@code Order-Events} become {@code order_events}.
     *
     * @param name any text
     * @return a valid name; {@code order_events} when nothing of {@code name} can be kept
     */
    public static String suggest(String name) {
        String snake = name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9_]+", "_").replaceAll("^[^a-z]+", "");
        if (snake.length() > MAX_BYTES) {
            snake = snake.substring(0, MAX_BYTES);
        }
        snake = snake.replaceAll("_+$", "");
        return snake.isEmpty() ? "order_events" : snake;
    }

    /** The name as PostgreSQL's {@code format('%I')} prints it: bare if it needs no quotes, else quoted. */
    private static String quoteIdent(String name) {
        // no SQL keyword starts with '_', the only bare names this rule refuses
        return PLAIN_IDENTIFIER.matcher(name).matches() ? name : "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
