package io.pgmq.codegen.maven;

import io.pgmq.codegen.migrate.MigrationSettings;
import java.io.File;
import java.util.Arrays;
import java.util.List;

/** Maps the migration goals' parameters to {@link MigrationSettings}. */
final class MigrationParameters {

    private MigrationParameters() {
    }

    static MigrationSettings settings(File manifest, File lockFile, File migrationDirectory, File[] migrationRoots) {
        List<java.nio.file.Path> roots = Arrays.stream(migrationRoots).map(File::toPath).toList();
        return new MigrationSettings(manifest.toPath(), lockFile.toPath(), migrationDirectory.toPath(), roots);
    }
}
