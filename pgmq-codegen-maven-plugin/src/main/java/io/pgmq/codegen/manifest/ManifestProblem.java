package io.pgmq.codegen.manifest;

import java.util.Comparator;
import java.util.Objects;

/**
 * One thing wrong in a manifest: where, what, and how to fix it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param position where the problem is
 * @param what what is wrong
 * @param fix how to fix it
 */
public record ManifestProblem(Position position, String what, String fix) implements Comparable<ManifestProblem> {

    private static final Comparator<ManifestProblem> ORDER =
            Comparator.comparing(ManifestProblem::position).thenComparing(ManifestProblem::message);

    /** Validates the fields. */
    public ManifestProblem {
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(fix, "fix");
    }

    /** Returns {@code file:line:col: what — fix}. */
    public String message() {
        return position + ": " + what + " \u2014 " + fix;
    }

    @Override
    public int compareTo(ManifestProblem other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return message();
    }
}
