package io.pgmq.codegen.manifest;

/** What removing a setting from a channel that a migration already created means. */
public enum Removal {
    /**
     * Refused: the database keeps the last value, and no migration could say which one the manifest now wants, so
     * {@code make-migrations} asks for the value explicitly.
     */
    REFUSED,
    /** Removing it writes the setting's reset value (e.g. {@code notify} goes back to {@code always}). */
    RESETS,
    /** Removing it needs nothing beyond what its absent value says (no SQL, or a list that becomes empty). */
    ALLOWED
}
