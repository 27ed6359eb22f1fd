package io.pgmq.codegen.migrate;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Where {@code generate}, {@code make-migrations} and {@code check} read and write.
 *
 * <p>Immutable and thread-safe.
 *
 * @param manifest the manifest, e.g. {@code src/main/pgmq/channels.yaml}
 * @param lockFile the state file, e.g. {@code src/main/pgmq/channels.lock.json}
 * @param migrationDirectory where pgmq writes migrations, e.g. {@code src/main/resources/db/migration/pgmq}
 * @param migrationRoots the application's migration folders, searched (with sub-folders) for the highest version
 * @param projectRoot the project's folder: messages name the manifest by its path from here
 */
public record MigrationSettings(Path manifest, Path lockFile, Path migrationDirectory, List<Path> migrationRoots,
        Path projectRoot) {

    /** Validates and copies the fields. */
    public MigrationSettings {
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(lockFile, "lockFile");
        Objects.requireNonNull(migrationDirectory, "migrationDirectory");
        migrationRoots = List.copyOf(Objects.requireNonNull(migrationRoots, "migrationRoots"));
        Objects.requireNonNull(projectRoot, "projectRoot");
    }

    /**
     * The defaults for a project folder: {@code src/main/pgmq/channels.yaml}, its lock file beside it, and
     * {@code src/main/resources/db/migration/pgmq} inside the root {@code src/main/resources/db/migration}.
     *
     * @param basedir the project folder
     * @return the settings
     */
    public static MigrationSettings defaults(Path basedir) {
        Path migrations = basedir.resolve("src/main/resources/db/migration");
        return new MigrationSettings(basedir.resolve("src/main/pgmq/channels.yaml"),
                basedir.resolve("src/main/pgmq/channels.lock.json"), migrations.resolve("pgmq"), List.of(migrations),
                basedir);
    }

    /**
     * Returns how messages name the manifest: its path from the project's folder with {@code /}
     * ({@code src/main/pgmq/channels.yaml}), which IDEs and terminals turn into a link; its file name if it lies
     * outside the project.
     *
     * @return the label
     */
    public String label() {
        Path root = projectRoot.toAbsolutePath().normalize();
        Path file = manifest.toAbsolutePath().normalize();
        Path shown = file.startsWith(root) ? root.relativize(file) : file.getFileName();
        return shown.toString().replace('\\', '/');
    }
}
