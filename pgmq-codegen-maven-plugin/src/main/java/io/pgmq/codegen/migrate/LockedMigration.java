package io.pgmq.codegen.migrate;

import java.util.Objects;

/**
 * A migration file pgmq wrote, as recorded in the lock file.
 *
 * @param file the file name in the migration folder, e.g. {@code V13__pgmq_create_channel_invoices.sql}
 * @param sha256 the file's SHA-256, lower-case hex
 */
record LockedMigration(String file, String sha256) {

    LockedMigration {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(sha256, "sha256");
    }
}
