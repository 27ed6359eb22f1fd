package io.pgmq.codegen.maven;

import io.pgmq.codegen.migrate.MigrationSettings;
import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * The parameters the goals share (where the manifest, the lock file and the migrations are), mapped to
 * {@link MigrationSettings}; each goal adds its own {@code skip}.
 */
abstract class MigrationParameters extends AbstractMojo {

    /** The channel manifest. */
    @Parameter(property = "pgmq.manifest", defaultValue = "${project.basedir}/src/main/pgmq/channels.yaml",
            required = true)
    private File manifest;

    /** The committed state file recording what was migrated. */
    @Parameter(property = "pgmq.lockFile", defaultValue = "${project.basedir}/src/main/pgmq/channels.lock.json",
            required = true)
    private File lockFile;

    /** Where pgmq writes its migrations. */
    @Parameter(property = "pgmq.migrationDirectory",
            defaultValue = "${project.basedir}/src/main/resources/db/migration/pgmq", required = true)
    private File migrationDirectory;

    /**
     * The application's migration folders, searched with sub-folders for the highest version and for versions that
     * collide with pgmq's.
     */
    @Parameter(property = "pgmq.migrationRoots", defaultValue = "${project.basedir}/src/main/resources/db/migration")
    private File[] migrationRoots;

    /** The project's folder: messages name the manifest by its path from here. */
    @Parameter(defaultValue = "${project.basedir}", readonly = true, required = true)
    private File basedir;

    /** The manifest's file name, for log lines. */
    final String manifestName() {
        return manifest.getName();
    }

    /** The goal's parameters as the generator's settings. */
    final MigrationSettings settings() {
        List<Path> roots = Arrays.stream(migrationRoots).map(File::toPath).toList();
        return new MigrationSettings(manifest.toPath(), lockFile.toPath(), migrationDirectory.toPath(), roots,
                basedir.toPath());
    }
}
