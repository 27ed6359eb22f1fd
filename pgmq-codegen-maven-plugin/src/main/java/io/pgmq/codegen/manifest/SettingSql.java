package io.pgmq.codegen.manifest;

import java.util.Objects;
import java.util.Optional;

/**
 * What SQL a setting becomes in a channel migration: nothing, an argument of a pgmq-schema function (settings sharing
 * a function are passed in one call), or grant and revoke calls per role.
 */
public sealed interface SettingSql permits SettingSql.None, SettingSql.Argument, SettingSql.Grant {

    /** No SQL: the setting shapes the Java code or the migration plan only. */
    record None() implements SettingSql {
    }

    /**
     * An argument of a pgmq-schema function.
     *
     * @param function the function
     * @param name the parameter's name for a named argument ({@code in_lease => ...}); empty for the one positional
     *     argument after the channel
     * @param since the pgmq core script that added the argument, e.g. {@code V6}
     */
    record Argument(Function function, Optional<String> name, String since) implements SettingSql {

        /** Validates the fields. */
        public Argument {
            Objects.requireNonNull(function, "function");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(since, "since");
        }
    }

    /**
     * One call per role added ({@code grant}) and removed ({@code revoke}); revokes go before grants.
     *
     * @param grant e.g. {@code pg_mq_grant_send}
     * @param revoke e.g. {@code pg_mq_revoke_send}
     */
    record Grant(String grant, String revoke) implements SettingSql {

        /** Validates the fields. */
        public Grant {
            Objects.requireNonNull(grant, "grant");
            Objects.requireNonNull(revoke, "revoke");
        }
    }

    /** How a function's arguments are laid out in the migration. */
    enum Layout {
        /** {@code SELECT f('ch', value);} */
        POSITIONAL,
        /** {@code SELECT f('ch', in_a => 1, in_b => 2);} */
        NAMED_INLINE,
        /** {@code SELECT f('ch',}, then one {@code in_a => 1} per line. */
        NAMED_LINES
    }

    /**
     * A pgmq-schema function that takes the channel name first.
     *
     * @param name e.g. {@code pg_mq_alter_channel}
     * @param layout how its arguments are written
     * @param since the pgmq core script that added it, e.g. {@code V8}
     */
    record Function(String name, Layout layout, String since) {

        /** Validates the fields. */
        public Function {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(layout, "layout");
            Objects.requireNonNull(since, "since");
        }
    }
}
