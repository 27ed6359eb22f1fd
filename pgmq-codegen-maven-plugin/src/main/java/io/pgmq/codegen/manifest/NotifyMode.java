package io.pgmq.codegen.manifest;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * When a channel's sends {@code NOTIFY} its listeners: the {@code notify} key of a manifest entry, and the value
 * {@code pg_mq_set_notify_mode} stores (pgmq core V5).
 */
public enum NotifyMode {
    /** {@code always}: every send notifies (the database's default). */
    ALWAYS,
    /** {@code when_idle}: a send notifies only while a consumer is registered idle on the channel. */
    WHEN_IDLE,
    /** {@code never}: no send notifies; consumers poll. */
    NEVER;

    /** The manifest and SQL names, in declaration order. */
    static final List<String> NAMES = List.of("always", "when_idle", "never");

    /** Returns the name used in the manifest and in SQL: {@code always}, {@code when_idle} or {@code never}. */
    public String manifestName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Finds the mode with the given manifest name.
     *
     * @param manifestName e.g. {@code when_idle}; case-sensitive
     * @return the mode, or empty if none has that name
     */
    public static Optional<NotifyMode> fromManifestName(String manifestName) {
        for (NotifyMode mode : values()) {
            if (mode.manifestName().equals(manifestName)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
