package io.pgmq.codegen.maven;

import io.pgmq.codegen.Codegen;
import io.pgmq.codegen.manifest.ManifestException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Writes the Flyway migrations the manifest needs into the application's migration folder and records them in
 * the lock file. Run by hand ({@code ./mvnw pgmq:make-migrations}), never bound to the build; commit the result.
 */
@Mojo(name = "make-migrations", threadSafe = true)
public final class MakeMigrationsMojo extends AbstractMojo {

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

    /** The application's migration folders, searched with sub-folders for the highest version. */
    @Parameter(property = "pgmq.migrationRoots", defaultValue = "${project.basedir}/src/main/resources/db/migration")
    private File[] migrationRoots;

    /** Skips the goal. */
    @Parameter(property = "pgmq.skip", defaultValue = "false")
    private boolean skip;

    /** Creates the goal; Maven sets the fields. */
    public MakeMigrationsMojo() {
    }

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("pgmq: make-migrations skipped (pgmq.skip)");
            return;
        }
        List<Path> written;
        try {
            written = Codegen.makeMigrations(
                    MigrationParameters.settings(manifest, lockFile, migrationDirectory, migrationRoots));
        } catch (ManifestException e) {
            throw new MojoFailureException("pgmq: nothing was written:\n" + e.getMessage(), e);
        } catch (IOException e) {
            throw new MojoExecutionException("pgmq: make-migrations failed: " + e.getMessage(), e);
        }
        if (written.isEmpty()) {
            getLog().info("pgmq: migrations are up to date with " + manifest.getName());
        }
        for (Path file : written) {
            getLog().info("pgmq: wrote " + file + " (commit it)");
        }
    }
}
