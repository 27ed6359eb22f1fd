package io.pgmq.codegen.manifest;

import java.util.Comparator;
import java.util.Objects;

/**
 * A place in a manifest file, 1-based, as editors show it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param file the file name shown in messages, e.g. {@code channels.yaml}
 * @param line the line, starting at 1
 * @param column the column, starting at 1
 */
public record Position(String file, int line, int column) implements Comparable<Position> {

    private static final Comparator<Position> ORDER =
            Comparator.comparingInt(Position::line).thenComparingInt(Position::column);

    /** Validates the fields. */
    public Position {
        Objects.requireNonNull(file, "file");
        if (line < 1) {
            throw new IllegalArgumentException("line must be >= 1, was " + line);
        }
        if (column < 1) {
            throw new IllegalArgumentException("column must be >= 1, was " + column);
        }
    }

    @Override
    public int compareTo(Position other) {
        return ORDER.compare(this, other);
    }

    /** Returns {@code file:line:column}. */
    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
